// issue 18, row 11: a region's partition and DNS suffix come from one table, held to the AWS SDK's own
import { partitionsInfo } from '../../node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js'
import { PARTITIONS, partitionFor, registryFor, roleArnFor } from '../../src/naming.js'

type SdkPartition = { id: string; outputs: { dnsSuffix: string }; regionRegex: string; regions: Record<string, unknown> }
const sdk = (partitionsInfo as { partitions: SdkPartition[] }).partitions

test("the table is the AWS SDK's partitions: ids, region patterns and DNS suffixes", () => {
  expect(PARTITIONS.map((p) => [p.partition, p.regionRegex.source, p.dnsSuffix]).sort())
    .toEqual(sdk.map((p) => [p.id, p.regionRegex.replace(/\\-/g, '-'), p.outputs.dnsSuffix]).sort())
})

test('every region the SDK lists maps to its own partition', () => {
  for (const p of sdk) for (const region of Object.keys(p.regions).filter((r) => !r.startsWith('aws-'))) {
    expect([region, partitionFor(region)?.partition]).toEqual([region, p.id])
  }
})

test.each<[string, string | undefined, string | undefined, string | undefined]>([
  ['us-east-1', 'aws', '123456789012.dkr.ecr.us-east-1.amazonaws.com', 'arn:aws:iam::123456789012:role/r'],
  ['cn-north-1', 'aws-cn', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'arn:aws-cn:iam::123456789012:role/r'],
  ['us-gov-west-1', 'aws-us-gov', '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com', 'arn:aws-us-gov:iam::123456789012:role/r'],
  ['us-iso-east-1', 'aws-iso', '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', 'arn:aws-iso:iam::123456789012:role/r'],
  ['us-isob-east-1', 'aws-iso-b', '123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov', 'arn:aws-iso-b:iam::123456789012:role/r'],
  ['eu-isoe-west-1', 'aws-iso-e', '123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk', 'arn:aws-iso-e:iam::123456789012:role/r'],
  ['us-isof-south-1', 'aws-iso-f', '123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov', 'arn:aws-iso-f:iam::123456789012:role/r'],
  ['eusc-de-east-1', 'aws-eusc', '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', 'arn:aws-eusc:iam::123456789012:role/r'],
  ['xx-east-1', undefined, undefined, undefined],
])('%s → %s', (region, partition, registry, roleArn) => {
  expect(partitionFor(region)?.partition).toBe(partition)
  if (!partition) return
  expect(registryFor('123456789012', region)).toBe(registry)
  expect(roleArnFor('123456789012', 'r', region)).toBe(roleArn)
})
