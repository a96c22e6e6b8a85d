import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthGuard, JWT_SECRET } from './auth.guard';
import { resolveJwtSecret } from './jwt-secret';

@Global()
@Module({
  providers: [
    { provide: JWT_SECRET, useFactory: (config: AppConfig) => resolveJwtSecret(config), inject: [APP_CONFIG] },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [JWT_SECRET],
})
export class AuthModule {}
