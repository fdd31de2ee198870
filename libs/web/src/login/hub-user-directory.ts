import { Inject, Injectable } from '@nestjs/common';
import { UsersService } from '@orrery/api';
import { WarmPool } from '@orrery/runtime';
import { UserDirectory } from '@orrery/auth';

/** The hub's users as authenticators see them: found by name, created with the user role. */
@Injectable()
export class HubUserDirectory implements UserDirectory {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(WarmPool) private readonly pool: WarmPool,
  ) {}

  find(name: string): Promise<{ id: number } | null> {
    return this.users.findByName(name);
  }

  ensure(name: string): Promise<{ id: number }> {
    return this.users.ensure(name);
  }

  claimAnonymous(): Promise<string | null> {
    return this.pool.claim();
  }
}
