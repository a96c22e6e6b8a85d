import type { DataSource } from 'typeorm';
import { asyncConsumers } from '../async-consumers';
import { loadConfig } from '../config/app-config';
import { Sql } from '../database/sql';
import { EventStore } from '../event-store/event-store';
import { ProjectionReplay } from '../event-store/projection-replay';
import { inlineProjections } from '../inline-projections';
import { ProjectionRebuilds } from '../projections/projection-rebuilds';
import { ProjectionsAdmin } from '../projections/projections-admin';

/** The projections and their rebuilds as the service composes them, for the command-line tools. */
export function projectionsAdmin(dataSource: DataSource): ProjectionsAdmin {
  return new ProjectionsAdmin(
    Sql.of(dataSource),
    inlineProjections(),
    asyncConsumers(loadConfig()),
    projectionRebuilds(dataSource),
  );
}

export function projectionRebuilds(dataSource: DataSource): ProjectionRebuilds {
  const sql = Sql.of(dataSource);
  const inline = inlineProjections();
  return new ProjectionRebuilds(sql, new ProjectionReplay(new EventStore(sql, inline)), inline, asyncConsumers(loadConfig()));
}
