import { Inject, Injectable } from '@nestjs/common';
import { Clock, HubError, SpawnerEntity, UserEntity } from '@orrery/core';
import { DataSource, EntityManager } from 'typeorm';
import { pythonRepr } from '../http/python-values';
import { ActivityReport, checkActivityShape, parseActivity, reportsServers } from './user-activity';

type Target = typeof UserEntity | typeof SpawnerEntity;

/**
 * `POST /users/{name}/activity`, a hot path (every server reports every few minutes): a
 * user-only report is one conditional UPDATE; a report with servers is one read of the
 * user's spawners and one conditional UPDATE per row. Times only ever move forward.
 */
@Injectable()
export class UserActivityService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(userName: string, body: unknown): Promise<void> {
    const now = this.clock.now();
    let target: { userId: number; spawners: Map<string, number> } | null = null;
    let report: ActivityReport;
    try {
      checkActivityShape(body);
      if (reportsServers(body)) target = await this.spawnersOf(userName);
      report = parseActivity(body, userName, new Set(target?.spawners.keys()), now);
    } catch (error) {
      // JupyterHub looks the user up before reading the body: its 404 wins over a 400
      if (target === null && error instanceof HubError && error.status === 400) {
        await this.userId(userName);
      }
      throw error;
    }
    if (target) {
      await this.write(target.userId, target.spawners, report);
      return;
    }
    const at = report.lastActivity as Date;
    const moved = await this.advance(this.dataSource.manager, UserEntity, { name: userName }, at);
    // not moved: the stored time is newer, or there is no such user
    if (!moved) await this.userId(userName);
  }

  private async write(
    userId: number,
    spawners: Map<string, number>,
    report: ActivityReport,
  ): Promise<void> {
    const writes: [Target, Record<string, number>, Date][] = [];
    if (report.lastActivity) writes.push([UserEntity, { id: userId }, report.lastActivity]);
    for (const [name, at] of report.servers) {
      writes.push([SpawnerEntity, { id: spawners.get(name) as number }, at]);
    }
    if (writes.length === 1) {
      await this.advance(this.dataSource.manager, ...writes[0]);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      for (const write of writes) await this.advance(manager, ...write);
    });
  }

  /** Sets last_activity where the stored one is older or unset; true if a row changed. */
  private async advance(
    manager: EntityManager,
    target: Target,
    where: Record<string, string | number>,
    at: Date,
  ): Promise<boolean> {
    const [column, value] = Object.entries(where)[0];
    const result = await manager
      .createQueryBuilder()
      .update(target)
      .set({ lastActivity: at })
      .where(`${column} = :value`, { value })
      .andWhere('(last_activity IS NULL OR last_activity < :at)', { at })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  private async userId(userName: string): Promise<number> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ select: { id: true }, where: { name: userName } });
    if (!user) throw new HubError(404, `No such user: ${pythonRepr(userName)}`);
    return user.id;
  }

  /** The user's id and spawner ids by name, in one query. */
  private async spawnersOf(
    userName: string,
  ): Promise<{ userId: number; spawners: Map<string, number> }> {
    const rows: { user_id: number; spawner_id: number | null; spawner_name: string | null }[] =
      await this.dataSource
        .createQueryBuilder()
        .select('u.id', 'user_id')
        .addSelect('s.id', 'spawner_id')
        .addSelect('s.name', 'spawner_name')
        .from(UserEntity, 'u')
        .leftJoin(SpawnerEntity, 's', 's.user_id = u.id')
        .where('u.name = :userName', { userName })
        .getRawMany();
    if (!rows.length) throw new HubError(404, `No such user: ${pythonRepr(userName)}`);
    const spawners = new Map<string, number>();
    for (const row of rows) {
      if (row.spawner_id !== null) spawners.set(row.spawner_name ?? '', Number(row.spawner_id));
    }
    return { userId: Number(rows[0].user_id), spawners };
  }
}
