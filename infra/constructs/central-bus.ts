import { EventBus } from 'aws-cdk-lib/aws-events';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export const CENTRAL_BUS_NAME = 'compliance-bot';

/**
 * The custom event bus member accounts forward to. Its resource policy accepts `events:PutEvents`
 * only from principals of the organization (`aws:PrincipalOrgID`): a forwarding rule in any member
 * account works without listing accounts, and nobody outside the organization can inject events.
 */
export class CentralBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: { organizationId: string }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: CENTRAL_BUS_NAME,
      description: 'Compliance bot: events forwarded from the member accounts of the organization',
    });
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowPutEventsFromOrganization',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      }),
    );
  }
}
