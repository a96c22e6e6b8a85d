import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem.exception';
import { Database } from '../database/database';
import { HEALTH } from '../openapi/read-side.schemas';
import { Answers, WithoutDatabase } from '../openapi/route-docs';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly database: Database) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (says nothing of the database, so a restart is never triggered by it)' })
  @Answers({ description: 'Up.', schema: HEALTH })
  @WithoutDatabase()
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Ready for traffic: the database answers' })
  @Answers({ description: 'Ready.', schema: HEALTH })
  async ready() {
    if (!(await this.database.answers())) throw ProblemException.of(503, 'the database does not answer');
    return { status: 'ok', database: 'ok' };
  }
}
