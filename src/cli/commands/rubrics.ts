import type { Command } from 'commander';
import { relative } from 'node:path';
import { loadSetup } from '../../config/setup.js';
import type { CliIO } from '../io.js';
import { setupOptionsOf } from '../global-options.js';

export function rubricsCommand(program: Command, io: CliIO): void {
  program
    .command('rubrics')
    .description('list the rubrics and graders available, with where each came from, and the configured graders')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const setup = await loadSetup(setupOptionsOf(command, io.cwd));
      const where = (path: string) => (path.startsWith('/') ? relative(io.cwd, path) || '.' : path);
      const rubrics = [...setup.rubrics.values()].map((rubric) => ({
        id: rubric.id,
        labels: rubric.labels.map((label) => label.name),
        reads: rubric.reads,
        context: rubric.context,
        origin: where(rubric.origin),
      }));
      const graders = [...setup.graders.values()].map(({ grader, origin }) => ({
        id: grader.id,
        rubrics: grader.rubrics,
        description: grader.description ?? '',
        origin,
      }));
      const configured = setup.instances.map((instance) => ({
        name: instance.name,
        grader: instance.grader.id,
        rubric: instance.rubric.id,
        ...(instance.llm === undefined ? {} : { llm: `${instance.llm.provider}/${instance.llm.model}` }),
        ...(instance.gate === undefined ? {} : { when: instance.gate }),
      }));
      if (options.json) {
        io.stdout(`${JSON.stringify({ config: setup.configFile, rubrics, graders, configured }, null, 2)}\n`);
        return;
      }
      const lines = [`config: ${setup.configFile ?? 'none found (built-in defaults)'}`, '', 'rubrics:'];
      for (const rubric of rubrics) lines.push(`  ${rubric.id}  [${rubric.labels.join(', ')}]  reads ${rubric.reads.join('+')}${rubric.context.length > 0 ? `, context ${rubric.context.join('+')}` : ''}  (${rubric.origin})`);
      lines.push('', 'graders:');
      for (const grader of graders) {
        lines.push(`  ${grader.id}  serves ${grader.rubrics === '*' ? 'any rubric' : grader.rubrics.join(', ')}  (${grader.origin})`);
        if (grader.description) lines.push(`    ${grader.description}`);
      }
      lines.push('', 'configured to run:');
      for (const instance of configured) {
        lines.push(`  ${instance.name}: ${instance.grader} on ${instance.rubric}${instance.llm ? ` via ${instance.llm}` : ''}${instance.when ? ` when ${instance.when.grader} allows` : ''}`);
      }
      io.stdout(`${lines.join('\n')}\n`);
    });
}
