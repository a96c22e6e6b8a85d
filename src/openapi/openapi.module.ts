import { Module } from '@nestjs/common';
import { ApiReference } from './api-reference';
import { ApiReferenceController } from './api-reference.controller';

@Module({ controllers: [ApiReferenceController], providers: [ApiReference], exports: [ApiReference] })
export class OpenApiModule {}
