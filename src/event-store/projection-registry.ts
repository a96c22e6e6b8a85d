import { Injectable } from '@nestjs/common';
import type { InlineProjection } from './inline-projection';

/** Read-side modules register their inline projections here at start; the store runs them on append. */
@Injectable()
export class InlineProjectionRegistry {
  private readonly projections: InlineProjection[] = [];

  register(projection: InlineProjection): void {
    if (this.projections.some((registered) => registered.name === projection.name)) {
      throw new Error(`inline projection ${projection.name} is registered twice`);
    }
    this.projections.push(projection);
  }

  all(): readonly InlineProjection[] {
    return this.projections;
  }

  for(eventType: string): readonly InlineProjection[] {
    return this.projections.filter((projection) => projection.handles.has(eventType));
  }
}
