/** The `--help` texts, rendered from the option tables. */
import {
  EXPORT_COMMAND,
  EXPORT_OPTIONS,
  type Option,
  PROGRAM_NAME,
  SERVER_OPTIONS,
  TOKEN_COMMAND,
  TOKEN_OPTIONS,
} from './table.js';

/** Where the environment variable starts on a flag's line. */
const ENV_COLUMN = 25;
const HELP_INDENT = '      ';
const HELP_FLAG = ['  -h, --help', `${HELP_INDENT}Print this help and exit.`];

/** `--port <n>`, as the usage text and the README's table write a flag. */
export function flagSyntax(option: Option): string {
  return option.placeholder === undefined
    ? `--${option.flag}`
    : `--${option.flag} ${option.placeholder}`;
}

function describe(option: Option): string[] {
  const head = `  ${flagSyntax(option)}`;
  const lines = option.help.map((line) => `${HELP_INDENT}${line}`);
  if (option.required) lines.push(`${HELP_INDENT}Required.`);
  if (option.default !== undefined) lines.push(`${HELP_INDENT}Default: ${option.default}.`);
  return [option.env ? `${head.padEnd(ENV_COLUMN - 1)} ${option.env}` : head, ...lines];
}

function optionList(options: Record<string, Option>): string {
  return [...Object.values(options).flatMap(describe), ...HELP_FLAG].join('\n');
}

export const USAGE = `Usage: ${PROGRAM_NAME} [options]
       ${PROGRAM_NAME} ${TOKEN_COMMAND} [token options]    (see ${TOKEN_COMMAND} --help)
       ${PROGRAM_NAME} ${EXPORT_COMMAND} [export options]  (see ${EXPORT_COMMAND} --help)

Serves a deterministic mock of the Microsoft Graph call-records log API: getPstnCalls,
getDirectRoutingCalls, getSmsLog, getPstnBlockedUsersLog, getPstnOnlineMeetingDialoutReport.
Each option can also be set by the environment variable shown; the flag wins.

Options:
${optionList(SERVER_OPTIONS)}`;

export const TOKEN_USAGE = `Usage: ${PROGRAM_NAME} ${TOKEN_COMMAND} [options]

Prints an access token for the mock's strict auth on stdout, like one Entra ID issues to an app
for Microsoft Graph. The defaults give a token strict auth accepts; the options spoil it on purpose.

Options:
${optionList(TOKEN_OPTIONS)}`;

export const EXPORT_USAGE = `Usage: ${PROGRAM_NAME} ${EXPORT_COMMAND} --from <date-time> --to <date-time> [options]

Writes the rows a log function serves for a range — exactly the endpoint's rows, in its order —
to stdout or a file, for warehouse loads and snapshot fixtures. stdout gets the data alone; a
progress bar goes to stderr when it is a terminal. The scenario, seed and scenario files can
also be set by the environment variables shown, as for the server; the flag wins.

Options:
${optionList(EXPORT_OPTIONS)}`;
