import { defineRemediation, evidenceString, field, isCallError, notFixed, ok } from './remediation';

/**
 * Releases an unassociated Elastic IP address (VPC allocation id).
 * Evidence: `allocationId` (optional; falls back to the resource id).
 */
const ID = 'ec2-release-elastic-ip';

export default defineRemediation({
  id: ID,
  title: 'Release the unused Elastic IP address',
  destructive: true,
  irreversibleNote: 'A released address may not be recoverable: allow-lists that name it will break.',
  writeActions: ['ec2:ReleaseAddress'],
  readActions: ['ec2:DescribeAddresses'],
  evidenceKeys: ['allocationId'],
  plan(finding) {
    const allocationId = evidenceString(ID, finding, 'allocationId', ['id']);
    return [
      {
        service: 'EC2',
        operation: 'ReleaseAddress',
        input: { AllocationId: allocationId },
        iamAction: 'ec2:ReleaseAddress',
      },
    ];
  },
  verify: {
    read(finding) {
      const allocationId = evidenceString(ID, finding, 'allocationId', ['id']);
      return [
        {
          service: 'EC2',
          operation: 'DescribeAddresses',
          input: { AllocationIds: [allocationId] },
          iamAction: 'ec2:DescribeAddresses',
          allowErrors: ['InvalidAllocationID.NotFound'],
        },
      ];
    },
    check([output]) {
      if (isCallError(output)) return ok('The address is released');
      const addresses = field(output, 'Addresses');
      return Array.isArray(addresses) && addresses.length > 0
        ? notFixed('The address is still allocated')
        : ok('The address is released');
    },
  },
});
