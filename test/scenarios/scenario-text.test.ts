/**
 * A scenario file's text, JSON or YAML, into data; a syntax error as one sentence at the line
 * and column an editor shows.
 */
import t from 'tap';
import { formatOfPath, parseScenarioText } from '../../scenarios/scenario-text.js';

t.test('the format follows the extension: .yaml and .yml are YAML, the rest JSON', async (t) => {
  t.same(['a.yaml', 'a.YML', 'dir.yaml/a.json', 'a.json', 'a', 'a.yaml.txt'].map(formatOfPath), [
    'yaml',
    'yaml',
    'json',
    'json',
    'json',
    'json',
  ]);
});

t.test('YAML and JSON of the same scenario give the same data', async (t) => {
  const yaml = [
    'name: acme # a comment',
    'extends: default',
    'seed: 2024',
    'tenant:',
    '  userCount: 40',
    '  sms: null',
    '  operatorConnectOperators: [BT, "Virgin Media O2 Business"]',
    'faults:',
    '  - { kind: throttle, requests: 100, windowSeconds: 20, retryAfterSeconds: 2 }',
    'description: >-',
    '  Acme: 40 users,',
    '  no SMS.',
    '',
  ].join('\n');
  const json = {
    name: 'acme',
    extends: 'default',
    seed: 2024,
    tenant: {
      userCount: 40,
      sms: null,
      operatorConnectOperators: ['BT', 'Virgin Media O2 Business'],
    },
    faults: [{ kind: 'throttle', requests: 100, windowSeconds: 20, retryAfterSeconds: 2 }],
    description: 'Acme: 40 users, no SMS.',
  };
  t.same(parseScenarioText(yaml, 'yaml'), { data: json });
  t.same(parseScenarioText(JSON.stringify(json), 'json'), { data: json });
  t.same(
    parseScenarioText('', 'yaml'),
    { data: null },
    'an empty YAML file is null, for the schema to refuse',
  );
  t.same(parseScenarioText('a: &x [1]\nb: *x\n', 'yaml'), { data: { a: [1], b: [1] } });
});

t.test('a syntax error is one sentence at a line and column', async (t) => {
  const problems: [string, 'json' | 'yaml', string][] = [
    [
      '{\n  "name": "a",\n}',
      'json',
      'is not valid JSON: Expected double-quoted property name at line 3, column 1',
    ],
    ['', 'json', 'is not valid JSON: Unexpected end of JSON input at line 1, column 1'],
    [
      'name: a\nname: b\n',
      'yaml',
      'is not valid YAML: Map keys must be unique at line 2, column 1',
    ],
    [
      'tenant:\n\tuserCount: 3\n',
      'yaml',
      'is not valid YAML: Tabs are not allowed as indentation at line 2, column 1',
    ],
    [
      'name: a\n---\nname: b\n',
      'yaml',
      'is not valid YAML: Source contains multiple documents at line 2, column 1',
    ],
    [
      'faults: [1, 2\n',
      'yaml',
      'is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1',
    ],
    ['name: "acme\n', 'yaml', 'is not valid YAML: Missing closing "quote at line 2, column 1'],
  ];
  for (const [text, format, problem] of problems) {
    t.same(parseScenarioText(text, format), { problem }, JSON.stringify(text));
  }
});

t.test('aliases resolve, within bounds: a missing anchor or a bomb is refused', async (t) => {
  t.same(parseScenarioText('a: *missing\n', 'yaml'), {
    problem:
      'is not valid YAML: Unresolved alias (the anchor must be set before the alias): missing',
  });
  // Nine levels of ten aliases each would expand to 10⁹ items.
  const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) {
    levels.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  }
  const bomb = parseScenarioText(levels.join('\n'), 'yaml');
  t.match(bomb, { problem: /^is not valid YAML: .*alias/i });
});
