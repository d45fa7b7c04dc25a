import type { ResourceBase } from './model/resource';

const NONE: readonly ResourceBase[] = Object.freeze([]);

/**
 * The resources a cross-resource rule may look at (e.g. "is there an S3 gateway endpoint in this
 * NAT gateway's VPC?"). `complete` says whether absence means "does not exist" (a whole snapshot or
 * a self-contained template) or only "not seen" (a single Config event), in which case such rules
 * return unknown.
 */
export class Inventory {
  readonly complete: boolean;
  private readonly byType = new Map<string, ResourceBase[]>();

  constructor(resources: Iterable<ResourceBase> = [], options: { complete?: boolean } = {}) {
    this.complete = options.complete ?? false;
    for (const resource of resources) this.add(resource);
  }

  add(resource: ResourceBase): void {
    const list = this.byType.get(resource.type);
    if (list) list.push(resource);
    else this.byType.set(resource.type, [resource]);
  }

  ofType<T extends ResourceBase>(type: string): readonly T[] {
    // One shared empty list for a type not in scope: a rule may key a per-scope cache on the list
    // (a WeakMap), and a new [] per call would make every call a cache miss.
    return (this.byType.get(type) ?? NONE) as T[];
  }

  find<T extends ResourceBase>(type: string, predicate: (resource: T) => boolean): T | undefined {
    return this.ofType<T>(type).find(predicate);
  }

  static readonly EMPTY = new Inventory([], { complete: false });
}
