import { Inject, Injectable } from '@nestjs/common';
import { rawQuery } from '@orrery/core';
import { DataSource } from 'typeorm';

/** Group names of a user, for matching `!group=` filters against a user or server. */
@Injectable()
export class ResourceGroupsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async groupsOf(userName: string): Promise<string[]> {
    const rows = await rawQuery<{ name: string }>(
      this.dataSource,
      `SELECT g.name FROM groups g JOIN user_group_map m ON m.group_id = g.id
         JOIN users u ON u.id = m.user_id WHERE u.name = ?`,
      [userName],
    );
    return rows.map((row) => row.name);
  }
}
