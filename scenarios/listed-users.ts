import { SMS_COUNTRIES } from './message-log-facts.js';
import type { ListedUser, Routing, TenantProfile } from './scenario.js';

/**
 * Users a scenario lists (`tenant.users`): what each may say, and what it says together with
 * the rest of the tenant. A listed user takes the place of a generated one, member by member;
 * what it leaves out is generated as before.
 */

/**
 * How a listed user's calls reach the PSTN: as given, else as its trunk or operator implies,
 * else as drawn for a generated user.
 *
 * @example
 * routingOf({ id: '…', trunk: 'sbc1' }, 'callingPlan'); // 'directRouting'
 */
export function routingOf(user: ListedUser | undefined, drawn: Routing): Routing {
  if (user?.routing !== undefined) return user.routing;
  if (user?.trunk !== undefined) return 'directRouting';
  if (user?.operator !== undefined) return 'operatorConnect';
  return drawn;
}

/**
 * What the schema cannot check of `tenant.users`: more users than the tenant has, an id, UPN or
 * number given twice, routing the tenant has no means for, SMS where it cannot be had. One
 * sentence a problem, each naming its member.
 */
export function listedUserProblems(tenant: TenantProfile): string[] {
  const users = tenant.users ?? [];
  const problems: string[] = [];
  if (users.length > tenant.userCount) {
    problems.push(
      `/tenant/users lists ${users.length} users but /tenant/userCount is ${tenant.userCount}; the count includes the listed users`,
    );
  }
  const firstOf = new Map<string, number>();
  const once = (i: number, member: keyof ListedUser, value: string | undefined, what: string) => {
    if (value === undefined) return;
    const key = `${member}\u0000${value.toLowerCase()}`;
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, i);
    else {
      problems.push(
        `/tenant/users/${i}/${member} "${value}" is also /tenant/users/${first}'s; ${what} must be unique`,
      );
    }
  };
  const trunks = tenant.directRouting?.trunks.map((trunk) => trunk.host) ?? [];
  users.forEach((user, i) => {
    const at = `/tenant/users/${i}`;
    once(i, 'id', user.id, 'ids');
    once(i, 'userPrincipalName', user.userPrincipalName, 'user principal names');
    once(i, 'number', user.number, 'numbers');
    const routing = routingOf(user, 'callingPlan');
    const givenRouting = user.routing === undefined ? 'implied' : 'is';
    if (user.trunk !== undefined && routing !== 'directRouting') {
      problems.push(
        `${at}/trunk is given but ${at}/routing is "${routing}"; only Direct Routing users have a trunk`,
      );
    }
    if (user.operator !== undefined && routing !== 'operatorConnect') {
      problems.push(
        `${at}/operator is given but ${at}/routing is "${routing}"; only Operator Connect users have an operator`,
      );
    }
    if (routing === 'directRouting' && trunks.length === 0) {
      problems.push(
        `${at}/routing ${givenRouting} "directRouting" but /tenant/directRouting has no trunks; add one or choose another routing`,
      );
    }
    if (user.trunk !== undefined && trunks.length > 0 && !trunks.includes(user.trunk)) {
      problems.push(
        `${at}/trunk "${user.trunk}" is none of the tenant's trunks; expected one of ${trunks.join(', ')}`,
      );
    }
    if (
      routing === 'operatorConnect' &&
      user.operator === undefined &&
      tenant.operatorConnectOperators.length === 0
    ) {
      problems.push(
        `${at}/routing is "operatorConnect" but neither ${at}/operator nor /tenant/operatorConnectOperators names an operator`,
      );
    }
    if (user.smsLicensed === true) {
      const country = user.usageCountry ?? tenant.country;
      const why =
        tenant.sms === undefined
          ? 'the tenant has no /tenant/sms'
          : routing !== 'callingPlan'
            ? `SMS is for Calling Plan users and ${at}/routing is "${routing}"`
            : !SMS_COUNTRIES.has(country)
              ? `SMS is for users in ${[...SMS_COUNTRIES].join(', ')} and the user's usage country is ${country}`
              : undefined;
      if (why !== undefined) problems.push(`${at}/smsLicensed is true but ${why}`);
    }
  });
  return problems;
}
