import type { BlockedUserRow } from '../../scenarios/blocked-users-log.js';
import type { DialoutEntry } from '../../scenarios/dialout-report.js';
import type { SmsRow } from '../../scenarios/sms-row.js';
import {
  administrativeUnitInfosField,
  centsField,
  choiceField,
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
  userCountryCode: choiceField((row) => row.userCountryCode),
  tenantCountryCode: choiceField((row) => row.tenantCountryCode),
  sourceNumber: stringField((row) => row.sourceNumber),
  destinationNumber: stringField((row) => row.destinationNumber),
  sentDateTime: dateTimeField(),
  callCharge: centsField((row) => row.chargeCents),
  currency: choiceField((row) => row.currency),
  smsType: choiceField((row) => row.smsType),
  // Every message stays in its user's country (sms-row.ts).
  destinationContext: choiceField(() => 'Domestic'),
  destinationName: choiceField((row) => row.destinationName),
  otherPartyCountryCode: choiceField((row) => row.otherPartyCountryCode),
  licenseCapability: choiceField((row) => row.licenseCapability),
  smsUnits: integerField((row) => row.smsUnits),
  administrativeUnitInfos: administrativeUnitInfosField((row) => row.user.administrativeUnitIds),
};

/** The user's own number, as the blocked-users log names it (E.164). */
export const BLOCKED_USER_ROW_FIELDS: Readonly<Record<string, RowField<BlockedUserRow>>> = {
  ...userFields((row) => row.user),
  blockDateTime: dateTimeField(),
  userTelephoneNumber: stringField((row) => row.userTelephoneNumber),
  userBlockMode: choiceField((row) => row.mode),
  blockReason: choiceField((row) => row.reason),
  remediationId: guidField((row) => row.remediation),
};

export const DIALOUT_REPORT_FIELDS: Readonly<Record<string, RowField<DialoutEntry>>> = {
  ...userFields((entry) => entry.user),
  usageLocation: choiceField((entry) => entry.usageLocation),
  destinationContext: choiceField((entry) => entry.destinationContext),
  currency: choiceField((entry) => entry.currency),
  totalCalls: integerField((entry) => entry.totalCalls),
  totalCallCharge: centsField((entry) => entry.totalChargeCents),
  totalCallSeconds: integerField((entry) => entry.totalCallSeconds),
};
