// the AWS SDK's own partition table (plain ESM data), which partitions.test.ts holds naming.ts's to
declare module '*/util-endpoints/lib/aws/partitions.js' {
  export const partitionsInfo: unknown
}
