import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem.exception';
import { Database } from '../database/database';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly database: Database) {}

  /** The process is up; says nothing of its dependencies, so a restart is never triggered by the database. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database answers. */
  @Get('ready')
  async ready() {
    if (!(await this.database.answers())) throw ProblemException.of(503, 'the database does not answer');
    return { status: 'ok', database: 'ok' };
  }
}
