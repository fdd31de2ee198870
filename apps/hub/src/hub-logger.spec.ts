import { hubLogger } from './hub-logger';

describe('hubLogger', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it("logs Nest's route-mapping lines only at debug", () => {
    hubLogger({}).log('Mapped {/hub/api/users, GET} route', 'RouterExplorer');
    hubLogger({}).log('UserController {/hub/api/users}:', 'RoutesResolver');
    expect(written).toEqual([]);
    hubLogger({ ORRERY_LOG_LEVEL: 'debug' }).log(
      'Mapped {/hub/api/users, GET} route',
      'RouterExplorer',
    );
    expect(written).toEqual([
      expect.stringContaining('DEBUG [RouterExplorer] Mapped {/hub/api/users, GET} route'),
    ]);
  });

  it('keeps other info lines at info', () => {
    hubLogger({}).log('hub API listening', 'orrery');
    expect(written).toEqual([expect.stringContaining('LOG [orrery] hub API listening')]);
  });

  it('writes one JSON object per line with ORRERY_LOG_FORMAT=json (--log-format json)', () => {
    hubLogger({ ORRERY_LOG_FORMAT: 'json' }).log('hub API listening', 'orrery');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0])).toMatchObject({
      level: 'log',
      context: 'orrery',
      message: 'hub API listening',
    });
  });
});
