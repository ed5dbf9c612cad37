import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/access.decorators.js';
import { HelpdeskConnectorDto, PublishResolutionDto, RegisterWebhookDto, ResolutionDto } from './dto/integrations.dtos.js';
import { EscalationsService } from './escalations.service.js';
import { IntegrationsPresenter } from './integrations.presenter.js';
import { SIGNATURE_HEADER } from './signatures.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks and the helpdesk connector (admins), escalation (staff), the helpdesk's signed callback. */
@ApiTags('integrations')
@Controller('api/v1')
export class IntegrationsApiController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly escalations: EscalationsService,
  ) {}

  @Get('webhooks')
  @Roles('admin')
  @ApiBearerAuth()
  async list(@Req() req: Request) {
    return { items: (await this.webhooks.list(req.user!)).map(IntegrationsPresenter.endpoint) };
  }

  @Post('webhooks')
  @Roles('admin')
  @ApiBearerAuth()
  async register(@Req() req: Request, @Body() input: RegisterWebhookDto) {
    return IntegrationsPresenter.endpoint(await this.webhooks.register(req.user!, input));
  }

  @Delete('webhooks/:id')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(204)
  async remove(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.webhooks.remove(req.user!, id);
  }

  @Post('webhooks/:id/resume')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(200)
  async resume(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return IntegrationsPresenter.endpoint(await this.webhooks.resume(req.user!, id));
  }

  @Get('webhooks/:id/deliveries')
  @Roles('admin')
  @ApiBearerAuth()
  async deliveries(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const log = await this.webhooks.log(req.user!, id);
    return { endpoint: IntegrationsPresenter.endpoint(log.endpoint), items: log.deliveries.map(IntegrationsPresenter.delivery) };
  }

  @Post('webhooks/deliveries/:id/redeliver')
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(202)
  async redeliver(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return IntegrationsPresenter.delivery(await this.webhooks.redeliver(req.user!, id));
  }

  @Get('integrations/helpdesk')
  @Roles('admin')
  @ApiBearerAuth()
  async connector(@Req() req: Request) {
    return { connector: IntegrationsPresenter.connector(await this.escalations.connector(req.user!)) };
  }

  @Put('integrations/helpdesk')
  @Roles('admin')
  @ApiBearerAuth()
  async configure(@Req() req: Request, @Body() input: HelpdeskConnectorDto, @Query('rotateSecret') rotate?: string) {
    return { connector: IntegrationsPresenter.connector(await this.escalations.configure(req.user!, input, rotate === 'true')) };
  }

  @Post('questions/:id/escalate')
  @Roles('agent', 'moderator')
  @ApiBearerAuth()
  async escalate(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const escalation = await this.escalations.escalate(req.user!, id);
    return IntegrationsPresenter.escalation({ escalation, staff: true });
  }

  @Get('questions/:id/escalation')
  @Roles('agent', 'moderator')
  @ApiBearerAuth()
  async escalation(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return { escalation: IntegrationsPresenter.escalation(await this.escalations.forQuestion(req.user!, id)) };
  }

  @Post('escalations/:ref/publish')
  @Roles('agent', 'moderator')
  @ApiBearerAuth()
  async publish(@Req() req: Request, @Param('ref') ref: string, @Body() input: PublishResolutionDto) {
    const result = await this.escalations.publish(req.user!, ref, input.body);
    return { ...IntegrationsPresenter.escalation({ escalation: result.escalation, staff: true }), answerId: result.answerId };
  }

  /** The helpdesk's callback: no session or token, the signature over the raw body authenticates it. */
  @Post('integrations/tickets/:ref/resolved')
  @HttpCode(200)
  async resolved(@Req() req: Request, @Param('ref') ref: string, @Body() input: ResolutionDto) {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody?.toString('utf8') ?? '';
    const escalation = await this.escalations.resolve(ref, raw, req.get(SIGNATURE_HEADER), input.resolution);
    return { ref: escalation.ref, status: escalation.status };
  }
}
