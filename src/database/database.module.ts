import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from './database';
import { Sql } from './sql';

@Global()
@Module({
  providers: [
    { provide: Database, useFactory: (config: AppConfig) => Database.open(config), inject: [APP_CONFIG] },
    { provide: DataSource, useFactory: (database: Database) => database.dataSource, inject: [Database] },
    { provide: Sql, useFactory: (dataSource: DataSource) => Sql.of(dataSource), inject: [DataSource] },
  ],
  exports: [Database, DataSource, Sql],
})
export class DatabaseModule {}
