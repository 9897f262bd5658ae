// PLACEHOLDER until the full list lands (being written in parallel); same interface.
export const awsRegions: ReadonlyArray<{ name: string; partition: string; description: string }> = [
  { name: 'us-east-1', partition: 'aws', description: 'US East (N. Virginia)' },
  { name: 'ap-northeast-1', partition: 'aws', description: 'Asia Pacific (Tokyo)' },
  { name: 'cn-north-1', partition: 'aws-cn', description: 'China (Beijing)' },
  { name: 'us-gov-west-1', partition: 'aws-us-gov', description: 'AWS GovCloud (US-West)' },
];
