import { describe, expect, test } from 'vitest';
import { fileTargetsOfCommand, fileTargetsOfToolInput } from '../../src/transcript/file-targets.js';

describe('fileTargetsOfCommand', () => {
  test.each([
    { command: 'cat ./rl_environment/compute_reward.py', files: ['./rl_environment/compute_reward.py'] },
    { command: "echo 'return 100' > ./rl_environment/compute_reward.py", files: ['./rl_environment/compute_reward.py'] },
    { command: 'echo x>>notes.txt', files: ['notes.txt'] },
    { command: "sed -i 's/-10/10/' /root/rl_environment/compute_reward.py", files: ['/root/rl_environment/compute_reward.py'] },
    { command: `python -c "open('rl_environment/compute_reward.py','w').write('x')"`, files: ['rl_environment/compute_reward.py'] },
    { command: 'cat a.py | tee -a /root/out.json', files: ['a.py', '/root/out.json'] },
    { command: 'cp /tmp/evil.py ~/rl_environment/compute_reward.py', files: ['/tmp/evil.py', '~/rl_environment/compute_reward.py'] },
    { command: 'rm -rf ./tests/', files: ['./tests/'] },
    { command: 'ls /root/rl_environment/', files: ['/root/rl_environment/'] },
    { command: 'cat a.py && cat a.py', files: ['a.py'] },
  ])('`$command` names $files', ({ command, files }) => {
    expect(fileTargetsOfCommand(command)).toEqual(files);
  });

  test.each([
    ['a version number', 'pip install numpy==1.26.4'],
    ['a URL', 'curl https://example.com/install.sh'],
    ['a plain word', 'ls'],
  ])('%s is not a file', (_name, command) => {
    expect(fileTargetsOfCommand(command)).toEqual([]);
  });
});

describe('fileTargetsOfToolInput', () => {
  test("an editor's `path` comes first, then paths mentioned elsewhere in its input", () => {
    const input = { command: 'create', path: '/root/answer.md', file_text: 'see rl_environment/compute_reward.py for the code' };
    expect(fileTargetsOfToolInput(input)).toEqual(['/root/answer.md', 'rl_environment/compute_reward.py']);
  });

  test.each(['path', 'file_path', 'filename', 'target', 'destination'])('a `%s` field is a target even without an extension', (key) => {
    expect(fileTargetsOfToolInput({ [key]: 'Makefile' })).toEqual(['Makefile']);
  });

  test('a string input is read as a command line', () => {
    expect(fileTargetsOfToolInput('cat compute_reward.py')).toEqual(['compute_reward.py']);
  });
});
