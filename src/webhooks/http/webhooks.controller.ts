import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { NoFieldsPipe } from '../../common/no-fields.pipe';
import { linkToNextPage } from '../../common/next-link';
import { UuidParam } from '../../common/uuid-param';
import { Answers, Locates, NoFields, Problems } from '../../openapi/route-docs';
import { CREATED_WEBHOOK, DELIVERY_PAGE, WEBHOOK, WEBHOOK_LIST } from '../../openapi/webhook.schemas';
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
  @ApiOperation({
    summary: 'Make a webhook: a URL, optional event-type and article filters, and a secret (generated when not given)',
  })
  @ApiBody({ type: CreateWebhookDto })
  @Answers({ description: 'The webhook, with its secret: the only answer that shows it.', schema: CREATED_WEBHOOK })
  @Locates('The new webhook.')
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
  @ApiOperation({ summary: 'Every webhook, oldest first, with whether it is enabled' })
  @Answers({ description: 'Every webhook.', schema: WEBHOOK_LIST })
  async list() {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook: its filters, and whether it is enabled or disabled and why' })
  @Answers({ description: 'The webhook.', schema: WEBHOOK })
  @Problems(404)
  get(@UuidParam('id') id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log; nothing more is sent to it' })
  @Answers({ description: 'Deleted.' })
  @Problems(404)
  async delete(@UuidParam('id') id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  /** A disabled webhook enabled again: its waiting deliveries go out, in order. */
  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a webhook again after it was disabled: the deliveries that waited go out, in order' })
  @Answers({ description: 'The webhook, enabled.', schema: WEBHOOK })
  @NoFields()
  @Problems(404)
  enable(@UuidParam('id') id: string, @Body(NoFieldsPipe) _: object) {
    return this.webhooks.enable(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'A webhook’s delivery log, newest first: each delivery’s state and attempts' })
  @Answers({ description: 'A page of the log.', schema: DELIVERY_PAGE })
  @Problems(404)
  async deliveries(
    @UuidParam('id') id: string,
    @Query() query: DeliveriesQuery,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.log.page(id, { state: query.state, cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE });
    linkToNextPage(request, reply, page.nextCursor);
    return page;
  }

  /** 202: the dead delivery is queued again; its log shows the new attempts. */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay a dead delivery: back in its lane at its event’s place, with a fresh set of attempts' })
  @Answers({ description: 'Queued again; the log shows its new attempts.' })
  @NoFields()
  // 404: no such delivery of this webhook; 409: the delivery is not dead.
  @Problems(404, 409)
  async replay(@UuidParam('id') id: string, @DeliveryIdParam() deliveryId: string, @Body(NoFieldsPipe) _: object): Promise<void> {
    await this.log.replay(id, deliveryId);
  }
}
