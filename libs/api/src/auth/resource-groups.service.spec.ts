import { authDatabase, AuthDatabase } from './auth-database.spec-helper';
import { ResourceGroupsService } from './resource-groups.service';

describe('ResourceGroupsService', () => {
  let db: AuthDatabase;
  beforeAll(async () => {
    db = await authDatabase();
  });
  afterAll(() => db.drop());

  it("names the groups of a user, for matching '!group=' filters", async () => {
    const ann = await db.user('ann');
    const bob = await db.user('bob');
    await db.group('staff', [ann, bob]);
    await db.group('tutors', [ann]);
    const groups = new ResourceGroupsService(db.dataSource);
    expect((await groups.groupsOf('ann')).sort()).toEqual(['staff', 'tutors']);
    expect(await groups.groupsOf('bob')).toEqual(['staff']);
    expect(await groups.groupsOf('nobody')).toEqual([]);
  });
});
