import type { BlockedUserRow } from '../../scenarios/blocked-users-log.js';
import type { DialoutEntry } from '../../scenarios/dialout-report.js';
import type { SmsRow } from '../../scenarios/sms-row.js';
import {
  administrativeUnitInfosField,
  centsField,
  dateTimeField,
  guidField,
  integerField,
  type RowField,
  stringField,
  userFields,
} from './row-field.js';

/**
 * How each property of the beta-only logs' rows is made: smsLogRow, pstnBlockedUsersLogRow
 * and the dial-out report's pstnOnlineMeetingDialoutReport entries.
 */

export const SMS_ROW_FIELDS: Readonly<Record<string, RowField<SmsRow>>> = {
  id: guidField((row) => row),
  smsId: guidField((row) => row.smsId),
  ...userFields((row) => row.user),
  userCountryCode: stringField((row) => row.userCountryCode),
  tenantCountryCode: stringField((row) => row.tenantCountryCode),
  sourceNumber: stringField((row) => row.sourceNumber),
  destinationNumber: stringField((row) => row.destinationNumber),
  sentDateTime: dateTimeField(),
  callCharge: centsField((row) => row.chargeCents),
  currency: stringField((row) => row.currency),
  smsType: stringField((row) => row.smsType),
  // Every message stays in its user's country (sms-row.ts).
  destinationContext: stringField(() => 'Domestic'),
  destinationName: stringField((row) => row.destinationName),
  otherPartyCountryCode: stringField((row) => row.otherPartyCountryCode),
  licenseCapability: stringField((row) => row.licenseCapability),
  smsUnits: integerField((row) => row.smsUnits),
  administrativeUnitInfos: administrativeUnitInfosField((row) => row.user.administrativeUnitIds),
};

/** The user's own number, as the blocked-users log names it (E.164). */
export const BLOCKED_USER_ROW_FIELDS: Readonly<Record<string, RowField<BlockedUserRow>>> = {
  ...userFields((row) => row.user),
  blockDateTime: dateTimeField(),
  userTelephoneNumber: stringField((row) => row.userTelephoneNumber),
  userBlockMode: stringField((row) => row.mode),
  blockReason: stringField((row) => row.reason),
  remediationId: guidField((row) => row.remediation),
};

export const DIALOUT_REPORT_FIELDS: Readonly<Record<string, RowField<DialoutEntry>>> = {
  ...userFields((entry) => entry.user),
  usageLocation: stringField((entry) => entry.usageLocation),
  destinationContext: stringField((entry) => entry.destinationContext),
  currency: stringField((entry) => entry.currency),
  totalCalls: integerField((entry) => entry.totalCalls),
  totalCallCharge: centsField((entry) => entry.totalChargeCents),
  totalCallSeconds: integerField((entry) => entry.totalCallSeconds),
};
