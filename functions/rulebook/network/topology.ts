import type { Inventory } from '../inventory';
import type { Ec2RouteTable } from '../model/resources/ec2-route-table';
import type { Ec2Subnet } from '../model/resources/ec2-subnet';
import { type Maybe, Unknown } from '../model/unknown';
import { ResourceReference, sameValue } from '../normalizers/cloudformation/reference';

/**
 * Cross-resource lookups for network rules: which subnet an id or template reference names, and
 * whether that subnet is public (its route table sends 0.0.0.0/0 or ::/0 to an internet gateway).
 */

/** The subnet model an instance / NAT gateway names: by template reference or by subnet id. */
export function findSubnet(inventory: Inventory, subnetId: Maybe<string> | undefined): Ec2Subnet | undefined {
  if (subnetId === undefined) return undefined;
  return inventory.find<Ec2Subnet>('AWS::EC2::Subnet', (subnet) => sameSubnet(subnet, subnetId) === true);
}

function sameSubnet(subnet: Ec2Subnet, subnetId: Maybe<string>): boolean | Unknown {
  if (subnetId instanceof ResourceReference) {
    return subnet.source === 'cloudformation' && subnet.id === subnetId.logicalId;
  }
  return sameValue(subnet.subnetId, subnetId);
}

/**
 * Is the subnet public? True when its route table (explicit association, else the VPC's main table)
 * has a default route to an internet gateway. Unknown when the route table is not visible.
 */
export function subnetIsPublic(
  inventory: Inventory,
  subnetId: Maybe<string> | undefined,
  subnet: Ec2Subnet | undefined,
): Maybe<boolean> {
  if (subnet?.defaultForAz) return true;
  if (subnetId === undefined) return new Unknown('the instance names no subnet');
  const tables = inventory.ofType<Ec2RouteTable>('AWS::EC2::RouteTable');
  let hidden: Unknown | undefined;
  let table: Ec2RouteTable | undefined;
  for (const candidate of tables) {
    if (candidate.associations instanceof Unknown) {
      hidden ??= candidate.associations;
      continue;
    }
    for (const association of candidate.associations) {
      const same =
        subnetId instanceof ResourceReference
          ? association.subnetId instanceof ResourceReference &&
            association.subnetId.logicalId === subnetId.logicalId
          : sameValue(association.subnetId, subnetId);
      if (same === true) table = candidate;
      else if (same instanceof Unknown && !(association.subnetId instanceof ResourceReference))
        hidden ??= same;
    }
    if (table) break;
  }
  if (!table && subnet) {
    // No explicit association: the subnet uses its VPC's main route table.
    table = tables.find(
      (t) =>
        !(t.associations instanceof Unknown) &&
        t.associations.some((a) => a.main) &&
        sameValue(t.vpcId, subnet.vpcId) === true,
    );
    if (!table && subnet.source === 'cloudformation' && inventory.complete && !hidden) {
      // A template VPC's main route table is created by EC2 with only the local route.
      return false;
    }
  }
  if (!table) return hidden ?? new Unknown('the subnet route table is not in view');
  if (table.routes instanceof Unknown) return table.routes;
  let unknownRoute: Unknown | undefined;
  for (const route of table.routes) {
    const destination = route.destination;
    const isDefault =
      destination instanceof Unknown ? destination : destination === '0.0.0.0/0' || destination === '::/0';
    if (route.toInternetGateway === true && isDefault === true) return true;
    if (route.toInternetGateway instanceof Unknown) unknownRoute ??= route.toInternetGateway;
    else if (route.toInternetGateway === true && isDefault instanceof Unknown) unknownRoute ??= isDefault;
  }
  return unknownRoute ?? false;
}
