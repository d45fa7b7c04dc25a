import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface Ec2Route {
  destination: Maybe<string> | undefined;
  /** `igw-…`, `vpce-…`, `local`, or a reference to a template resource. */
  gatewayId: Maybe<string> | undefined;
  natGatewayId?: Maybe<string>;
  /** True when the target is an internet gateway (by id prefix or by the referenced template type). */
  toInternetGateway: Maybe<boolean>;
}

export interface Ec2RouteTableAssociation {
  subnetId: Maybe<string> | undefined;
  main: boolean;
}

export interface Ec2RouteTable extends ResourceBase {
  type: 'AWS::EC2::RouteTable';
  routeTableId: Maybe<string> | undefined;
  vpcId: Maybe<string> | undefined;
  /** Templates fold in `AWS::EC2::Route` resources that name this table. */
  routes: Maybe<Ec2Route[]>;
  /** Templates fold in `AWS::EC2::SubnetRouteTableAssociation` resources that name this table. */
  associations: Maybe<Ec2RouteTableAssociation[]>;
}
