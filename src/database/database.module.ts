import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from './database';

@Global()
@Module({
  providers: [
    { provide: Database, useFactory: (config: AppConfig) => Database.open(config), inject: [APP_CONFIG] },
    { provide: DataSource, useFactory: (database: Database) => database.dataSource, inject: [Database] },
  ],
  exports: [Database, DataSource],
})
export class DatabaseModule {}
