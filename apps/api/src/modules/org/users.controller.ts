import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserPage, UserQuery, UserResponse } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Allow({ scope: 'users:read' })
  @ApiOperation({ summary: 'List users in your scope, newest first' })
  @ApiOkResponse({ type: UserPage })
  listUsers(@CurrentActor() actor: Actor, @Query() query: UserQuery): Promise<UserPage> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @Allow({ scope: 'users:read' })
  @ApiOperation({ summary: 'Get one user' })
  @ApiOkResponse({ type: UserResponse })
  getUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponse> {
    return this.users.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Create a user in a unit of your scope' })
  @ApiCreatedResponse({ type: UserResponse })
  createUser(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Update a user: name, unit, roles, joined date, contact, active (send the version you read)' })
  @ApiOkResponse({ type: UserResponse })
  updateUser(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(actor, id, dto);
  }

  @Post(':id/password')
  @HttpCode(204)
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: "Set a user's password (signs them out everywhere and clears a login lock)" })
  @ApiNoContentResponse({ description: 'Done' })
  resetUserPassword(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResetPasswordDto): Promise<void> {
    return this.users.resetPassword(actor, id, dto.password);
  }
}
