import { Inject, Injectable } from '@nestjs/common';
import { userGroupNames } from '@orrery/core';
import { DataSource } from 'typeorm';

/** Group names of a user, for matching `!group=` filters against a user or server. */
@Injectable()
export class ResourceGroupsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  groupsOf(userName: string): Promise<string[]> {
    return userGroupNames(this.dataSource, userName);
  }
}
