import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem.exception';
import { Database } from '../database/database';
import { HEALTH } from '../openapi/read-side.schemas';
import { Answers, WithoutDatabase } from '../openapi/route-docs';
import { ProjectionsAdmin } from '../projections/projections-admin';

@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly database: Database,
    private readonly projections: ProjectionsAdmin,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (says nothing of the database, so a restart is never triggered by it)' })
  @Answers({ description: 'Up.', schema: HEALTH })
  @WithoutDatabase()
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready for traffic: the database answers. The state of each asynchronous consumer is reported
   * beside it (running, retrying, paused, stopped) but does not make the instance unready: a
   * consumer that is paused or failing holds back its own read model, not this instance's requests.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Ready for traffic: the database answers' })
  @Answers({ description: 'Ready.', schema: HEALTH })
  async ready() {
    if (!(await this.database.answers())) throw ProblemException.of(503, 'the database does not answer');
    const consumers = await this.projections.consumerReports();
    return {
      status: 'ok',
      database: 'ok',
      projections: Object.fromEntries(consumers.map((consumer) => [consumer.name, consumer.state])),
    };
  }
}
