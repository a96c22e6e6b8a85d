import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NoFieldsPipe } from '../common/no-fields.pipe';
import { PROJECTION, PROJECTION_LIST } from '../openapi/projection.schemas';
import { Answers, NoFields, Problems } from '../openapi/route-docs';
import { ProjectionsAdmin } from './projections-admin';

const CHANGED = { description: 'The projection as it is now.', schema: PROJECTION } as const;

/** For admins: every read model and consumer, its state, lag and last rebuild; rebuild any; pause, resume and reset the asynchronous ones. */
@Controller('admin/projections')
@RequireRole('admin')
export class ProjectionsController {
  constructor(private readonly admin: ProjectionsAdmin) {}

  @Get()
  @ApiOperation({ summary: 'Every read model and asynchronous consumer: its state, lag, failure and last rebuild' })
  @Answers({ description: 'Inline projections first, then the asynchronous consumers.', schema: PROJECTION_LIST })
  async list() {
    return { projections: await this.admin.list() };
  }

  @Post(':name/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause an asynchronous consumer on whichever instance runs it, until resumed' })
  @Answers(CHANGED)
  @NoFields()
  // 404: no projection of that name; 409: an inline projection, which cannot be paused, resumed or reset.
  @Problems(404, 409)
  pause(@Param('name') name: string, @Body(NoFieldsPipe) _: object, @Req() request: AuthenticatedRequest) {
    return this.admin.pause(name, `${request.actor.name} (${request.actor.id})`);
  }

  @Post(':name/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused or failing asynchronous consumer: it tries its event again at once' })
  @Answers(CHANGED)
  @NoFields()
  @Problems(404, 409)
  resume(@Param('name') name: string, @Body(NoFieldsPipe) _: object) {
    return this.admin.resume(name);
  }

  @Post(':name/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Empty an asynchronous consumer’s tables and move its checkpoint to the start of the log' })
  @Answers(CHANGED)
  @NoFields()
  @Problems(404, 409)
  reset(@Param('name') name: string, @Body(NoFieldsPipe) _: object) {
    return this.admin.reset(name);
  }

  /** 202: it runs in the background on this instance; GET /admin/projections follows it. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild any projection without downtime, in the background on this instance; GET /admin/projections follows it',
  })
  @Answers({ description: 'Started; `rebuild` shows its progress.', schema: PROJECTION })
  @NoFields()
  // 409: a rebuild of it is already running, or it is a delivery, with no read model to rebuild.
  @Problems(404, 409)
  rebuild(@Param('name') name: string, @Body(NoFieldsPipe) _: object, @Req() request: AuthenticatedRequest) {
    return this.admin.rebuild(name, `${request.actor.name} (${request.actor.id})`);
  }
}
