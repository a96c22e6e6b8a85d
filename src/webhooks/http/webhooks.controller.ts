import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { NoFieldsPipe } from '../../common/no-fields.pipe';
import { UuidParam } from '../../common/uuid-param';
import { DeliveryLog } from '../delivery-log';
import { DeliveryIdParam } from './delivery-id.param';
import { WebhooksStore } from '../webhooks.store';
import { CreateWebhookDto, DeliveriesQuery } from './webhook.dtos';

const DEFAULT_PAGE = 50;
/** For admins: webhooks (signed deliveries of article events to other systems) and their delivery logs. */
@Controller('webhooks')
@RequireRole('admin')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksStore,
    private readonly log: DeliveryLog,
  ) {}

  /** 201 with the secret: the only answer that shows it. */
  @Post()
  async create(
    @Body() body: CreateWebhookDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.webhooks.create(body, request.actor.id);
    void reply.header('location', `/webhooks/${created.id}`);
    return created;
  }

  @Get()
  async list() {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  get(@UuidParam('id') id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@UuidParam('id') id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  /** A disabled webhook enabled again: its waiting deliveries go out, in order. */
  @Post(':id/enable')
  @HttpCode(200)
  enable(@UuidParam('id') id: string, @Body(NoFieldsPipe) _: object) {
    return this.webhooks.enable(id);
  }

  @Get(':id/deliveries')
  deliveries(@UuidParam('id') id: string, @Query() query: DeliveriesQuery) {
    return this.log.page(id, { state: query.state, cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE });
  }

  /** 202: the dead delivery is queued again; its log shows the new attempts. */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  async replay(@UuidParam('id') id: string, @DeliveryIdParam() deliveryId: string, @Body(NoFieldsPipe) _: object): Promise<void> {
    await this.log.replay(id, deliveryId);
  }
}
