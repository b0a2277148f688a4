import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MetadataManager } from '@ipfs-kit/metadata';
import { ApiErrors } from '../http/api-error.dto';
import { NoQuery } from '../http/no-query.guard';
import { ChannelBodyDto, ChannelDto, ChannelListDto, ChannelTestResultDto, CreateChannelDto } from './alert-channel.dto';
import { AlertDispatcher } from './alert-dispatcher.service';
import { dedupeKeyOf, type AlertNotice } from './alert-notice';
import { AlertNamePipe } from './alert-name.pipe';
import { channelView } from './alert-views';
import { AlertsConfigStore } from './alerts-config.store';
import { CHANNEL_TYPES } from './channel-kind';

const NAME_PARAM = { name: 'name', description: 'Channel name', example: 'ops-webhook' };

@ApiTags('alerts')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('alerts/channels')
export class AlertChannelsController {
  constructor(
    private readonly config: AlertsConfigStore,
    private readonly dispatcher: AlertDispatcher,
    private readonly store: MetadataManager,
  ) {}

  @Get()
  @NoQuery()
  @ApiOperation({ summary: 'List the alert channels (secrets as set / not set)' })
  @ApiOkResponse({ type: ChannelListDto })
  listAlertChannels(): ChannelListDto {
    return { channels: this.config.channels().map(channelView), types: [...CHANNEL_TYPES] };
  }

  @Post()
  @ApiOperation({ summary: 'Add an alert channel `{name, type, config}`' })
  @ApiResponse({ status: 201, type: ChannelDto })
  @ApiErrors(400, 409, 413, 415)
  async createAlertChannel(@Body() body: CreateChannelDto): Promise<ChannelDto> {
    return channelView(await this.config.saveChannel(body.name, body.type, body.config, 'create'));
  }

  @Get(':name')
  @NoQuery()
  @ApiOperation({ summary: 'Read an alert channel' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ChannelDto })
  @ApiErrors(400, 404)
  getAlertChannel(@Param('name', AlertNamePipe) name: string): ChannelDto {
    return channelView(this.config.channel(name));
  }

  @Put(':name')
  @ApiOperation({ summary: 'Replace an alert channel; secret fields left out keep their value' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ChannelDto })
  @ApiErrors(400, 404, 413, 415)
  async replaceAlertChannel(@Param('name', AlertNamePipe) name: string, @Body() body: ChannelBodyDto): Promise<ChannelDto> {
    return channelView(await this.config.saveChannel(name, body.type, body.config, 'replace'));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an alert channel (409 while a rule uses it)' })
  @ApiParam(NAME_PARAM)
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiErrors(400, 404, 409)
  async deleteAlertChannel(@Param('name', AlertNamePipe) name: string): Promise<void> {
    await this.config.deleteChannel(name);
  }

  @Post(':name/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a test message through the channel now (not through the outbox)' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ChannelTestResultDto })
  @ApiErrors(400, 404)
  async testAlertChannel(@Param('name', AlertNamePipe) name: string): Promise<ChannelTestResultDto> {
    const channel = this.config.channel(name);
    const at = new Date().toISOString();
    const alertId = `test/${name}/${at}`;
    const notice: AlertNotice = {
      dedupe_key: dedupeKeyOf(alertId, 'firing', 0),
      alert_id: alertId,
      service: 'ipfs-kit',
      service_type: null,
      rule: 'test',
      condition: 'test',
      event: 'test',
      status: 'firing',
      started_at: at,
      resolved_at: null,
      at,
      sequence: 0,
      value: null,
      message: `test message from ipfs-kit to channel ${name}`,
    };
    try {
      await this.dispatcher.sendNow(channel, notice);
      return { success: true, message: `Test message accepted by ${name}`, error: null };
    } catch (error) {
      const text = this.store.redactText(String((error as Error).message)).slice(0, 300);
      return { success: false, message: `Test message to ${name} failed`, error: text };
    }
  }
}
