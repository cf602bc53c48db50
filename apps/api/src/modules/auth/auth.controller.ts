import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Allow, Public } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { ChangePasswordDto, LoginDto, MeResponse, RefreshDto, TokenResponse } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with username and password (repeated failures lock the account for a while: 429)' })
  @ApiOkResponse({ type: TokenResponse })
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<TokenResponse> {
    return this.auth.login(dto.username, dto.password, request.ip ?? 'unknown');
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (refresh tokens are single use)' })
  @ApiOkResponse({ type: TokenResponse })
  refresh(@Body() dto: RefreshDto): Promise<TokenResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Allow({})
  @ApiOperation({ summary: 'Revoke a refresh token' })
  @ApiNoContentResponse({ description: 'Done' })
  logout(@CurrentActor() actor: Actor, @Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @Allow({})
  @ApiOperation({ summary: 'The signed-in user, their roles and unit' })
  @ApiOkResponse({ type: MeResponse })
  getMe(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.auth.me(actor);
  }

  @Post('password')
  @HttpCode(204)
  @Allow({})
  @ApiOperation({ summary: 'Change your own password (signs you out everywhere else)' })
  @ApiNoContentResponse({ description: 'Done' })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }
}
