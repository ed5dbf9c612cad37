import { Body, Controller, Get, Param, ParseIntPipe, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, Roles } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { HelpdeskConnectorDto, PublishResolutionDto, RegisterWebhookDto } from './dto/integrations.dtos.js';
import { EscalationsService } from './escalations.service.js';
import { IntegrationsPresenter } from './integrations.presenter.js';
import { WebhooksService } from './webhooks.service.js';

/** Admin pages for webhooks and the helpdesk; the staff forms on a thread (escalate, publish the resolution). */
@ApiExcludeController()
@Controller()
export class IntegrationsPagesController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly escalations: EscalationsService,
    private readonly reader: ThreadReader,
  ) {}

  @Get('admin/webhooks')
  @Roles('admin')
  @FormView('integrations/webhooks')
  @Render('integrations/webhooks')
  async list(@Req() req: Request) {
    return { title: 'Webhooks', endpoints: (await this.webhooks.list(req.user!)).map(IntegrationsPresenter.endpoint), events: IntegrationsPresenter.eventChoices() };
  }

  @Post('admin/webhooks')
  @Roles('admin')
  @FormView('integrations/webhooks')
  @Redirect('/admin/webhooks')
  async register(@Req() req: Request, @Body() input: RegisterWebhookDto) {
    const endpoint = await this.webhooks.register(req.user!, input);
    flash(req, 'success', `Endpoint registered. Its signing secret, shown only now: ${endpoint.secret}`);
  }

  @Get('admin/webhooks/:id')
  @Roles('admin')
  @FormView('integrations/deliveries')
  @Render('integrations/deliveries')
  async log(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const log = await this.webhooks.log(req.user!, id);
    return { title: 'Webhook deliveries', endpoint: IntegrationsPresenter.endpoint(log.endpoint), deliveries: log.deliveries.map(IntegrationsPresenter.delivery) };
  }

  @Post('admin/webhooks/:id/resume')
  @Roles('admin')
  @Redirect()
  async resume(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.webhooks.resume(req.user!, id);
    flash(req, 'success', 'The endpoint is active again.');
    return { url: `/admin/webhooks/${id}` };
  }

  @Post('admin/webhooks/:id/delete')
  @Roles('admin')
  @Redirect('/admin/webhooks')
  async remove(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.webhooks.remove(req.user!, id);
    flash(req, 'success', 'The endpoint is removed.');
  }

  @Post('admin/webhooks/deliveries/:id/redeliver')
  @Roles('admin')
  @Redirect()
  async redeliver(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const delivery = await this.webhooks.redeliver(req.user!, id);
    flash(req, 'success', 'The delivery is queued to be sent again.');
    return { url: `/admin/webhooks/${delivery.endpointId}` };
  }

  @Get('admin/helpdesk')
  @Roles('admin')
  @FormView('integrations/helpdesk')
  @Render('integrations/helpdesk')
  async helpdesk(@Req() req: Request) {
    return { title: 'Helpdesk connector', connector: IntegrationsPresenter.connector(await this.escalations.connector(req.user!)) };
  }

  @Post('admin/helpdesk')
  @Roles('admin')
  @FormView('integrations/helpdesk')
  @Redirect('/admin/helpdesk')
  async configure(@Req() req: Request, @Body() input: HelpdeskConnectorDto) {
    const saved = await this.escalations.configure(req.user!, input);
    flash(req, 'success', saved.newSecret ? `Helpdesk connected. Its signing secret, shown only now: ${saved.newSecret}` : 'Helpdesk connector saved.');
  }

  @Post('questions/:id/escalate')
  @Roles('agent', 'moderator')
  @Redirect()
  async escalate(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const escalation = await this.escalations.escalate(req.user!, id);
    flash(req, 'success', `Escalated to support as ticket ${escalation.ref}.`);
    return { url: `/questions/${id}/${await this.reader.questionSlug(id)}` };
  }

  @Post('escalations/:ref/publish')
  @Roles('agent', 'moderator')
  @Redirect()
  async publish(@Req() req: Request, @Param('ref') ref: string, @Body() input: PublishResolutionDto) {
    const { escalation, answerId } = await this.escalations.publish(req.user!, ref, input.body);
    flash(req, 'success', 'The answer is published, verified by support.');
    return { url: `/questions/${escalation.questionId}/${await this.reader.questionSlug(escalation.questionId)}#answer-${answerId}` };
  }
}
