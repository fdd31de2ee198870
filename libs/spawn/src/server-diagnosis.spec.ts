import { BackoffTimeout } from './backoff';
import { diagnose, Observation, startObservation } from './server-diagnosis';
import { SpawnExited, SpawnFailed, StartTimeout } from './spawn-states';
import { ServerExited } from './wait-up';

describe('diagnose', () => {
  it.each<[string, Observation, string, RegExp, RegExp]>([
    [
      'an exit status while starting',
      { kind: 'exit', status: 3, whileStarting: true, output: 'no notebook here' },
      'exit',
      /exit status 3\) before it was ready/,
      /status 3\.\nLast output of the server:\nno notebook here$/,
    ],
    [
      'a death by SIGKILL while running',
      { kind: 'exit', status: -9, whileStarting: false, output: null },
      'signal',
      /\(SIGKILL\) while you were using it\. This often means it used more memory/,
      /killed by SIGKILL\.\nThe server printed nothing\.$/,
    ],
    [
      "a container the kernel's OOM killer ended",
      { kind: 'exit', status: 137, whileStarting: true, output: 'allocating' },
      'exit',
      /exit status 137/,
      /status 137/,
    ],
    [
      'an OOM kill reported by the spawner',
      { kind: 'exit', status: 137, whileStarting: false, output: 'allocating', oomKilled: true },
      'oom',
      /ran out of memory while you were using it/,
      /out-of-memory killer.*exit status 137\.\nLast output of the server:\nallocating$/s,
    ],
    [
      'a start that outlasted start_timeout',
      { kind: 'start_timeout', seconds: 2 },
      'timeout',
      /took too long to start \(more than 2 seconds\)/,
      /start_timeout \(2 s\)/,
    ],
    [
      'a server that never listened',
      { kind: 'http_timeout', seconds: 3, output: 'sleeping' },
      'no_answer',
      /never answered within 3 seconds/,
      /http_timeout \(3 s\)\.\nLast output of the server:\nsleeping$/,
    ],
  ])('describes %s', (_name, seen, reason, summary, details) => {
    const diagnosis = diagnose(seen);
    expect(diagnosis.reason).toBe(reason);
    expect(diagnosis.summary).toMatch(summary);
    expect(diagnosis.details).toMatch(details);
  });

  it('keeps the output out of the learner summary', () => {
    const diagnosis = diagnose({
      kind: 'exit',
      status: 1,
      whileStarting: true,
      output: 'secret path /x',
    });
    expect(diagnosis.summary).not.toContain('secret path');
  });
});

describe('startObservation', () => {
  const output = async () => 'last words';
  it.each<[string, unknown, Observation]>([
    ['a start_timeout', new StartTimeout('ann', 4), { kind: 'start_timeout', seconds: 4 }],
    [
      'an http_timeout',
      new BackoffTimeout('no answer'),
      { kind: 'http_timeout', seconds: 9, output: 'last words' },
    ],
    [
      'a process that exited',
      new ServerExited(3),
      { kind: 'exit', status: 3, whileStarting: true, output: 'last words' },
    ],
    [
      "a container the kernel's OOM killer ended, as the spawner saw it",
      new SpawnExited('failed', { status: 137, oomKilled: true, output: 'allocating' }),
      { kind: 'exit', status: 137, whileStarting: true, oomKilled: true, output: 'allocating' },
    ],
    [
      'any other failure',
      new SpawnFailed(500, 'image refused'),
      { kind: 'error', message: 'image refused' },
    ],
  ])('maps %s', async (_name, error, expected) => {
    expect(await startObservation(error, output, 9)).toEqual(expected);
  });

  it('diagnoses an OOM-killed container start as out of memory', async () => {
    const error = new SpawnExited('failed', { status: 137, oomKilled: true, output: null });
    expect(diagnose(await startObservation(error, output, 9)).reason).toBe('oom');
  });
});
