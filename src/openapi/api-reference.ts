import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

/** The application's OpenAPI document, built on first use: most processes (and test apps) never serve it. */
@Injectable()
export class ApiReference {
  private build: (() => OpenAPIObject) | null = null;
  private built: OpenAPIObject | null = null;

  /** Given by createApp, which alone holds the application the document describes. */
  describeWith(build: () => OpenAPIObject): void {
    this.build = build;
    this.built = null;
  }

  document(): OpenAPIObject {
    if (this.build === null) throw new Error('the API reference was not given the application to describe');
    this.built ??= this.build();
    return this.built;
  }
}
