import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RequireRole, type AuthenticatedRequest } from '../auth/auth.decorators';
import { NoFieldsPipe } from '../common/no-fields.pipe';
import { ProjectionsAdmin } from './projections-admin';

/** For admins: every read model and consumer, its state, lag and last rebuild; rebuild any; pause, resume and reset the asynchronous ones. */
@Controller('admin/projections')
@RequireRole('admin')
export class ProjectionsController {
  constructor(private readonly admin: ProjectionsAdmin) {}

  @Get()
  async list() {
    return { projections: await this.admin.list() };
  }

  @Post(':name/pause')
  @HttpCode(200)
  pause(@Param('name') name: string, @Body(NoFieldsPipe) _: object, @Req() request: AuthenticatedRequest) {
    return this.admin.pause(name, `${request.actor.name} (${request.actor.id})`);
  }

  @Post(':name/resume')
  @HttpCode(200)
  resume(@Param('name') name: string, @Body(NoFieldsPipe) _: object) {
    return this.admin.resume(name);
  }

  @Post(':name/reset')
  @HttpCode(200)
  reset(@Param('name') name: string, @Body(NoFieldsPipe) _: object) {
    return this.admin.reset(name);
  }

  /** 202: it runs in the background on this instance; GET /admin/projections follows it. */
  @Post(':name/rebuild')
  @HttpCode(202)
  rebuild(@Param('name') name: string, @Body(NoFieldsPipe) _: object, @Req() request: AuthenticatedRequest) {
    return this.admin.rebuild(name, `${request.actor.name} (${request.actor.id})`);
  }
}
