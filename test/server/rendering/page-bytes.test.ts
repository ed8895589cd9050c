/**
 * Golden pages: the sha256 of pages of every log function, version and built-in tenant, as
 * the renderer wrote them before it was tuned for speed. Any change to a single byte of a
 * page — a field's order, a digit, an escape — shows here, whatever the renderer's inside.
 * Regenerate (only for an intended change of the bytes) with GOLDEN_PRINT=1.
 */
import { createHash } from 'node:crypto';
import t from 'tap';
import { functionVersions } from '../../../openapi/contract.js';
import { SCENARIOS } from '../../../scenarios/catalog.js';
import { LOG_FUNCTION_TABLE } from '../../../scenarios/log-functions.js';
import { inclusiveWindow } from '../../../scenarios/log-window.js';
import { universeFor } from '../../../scenarios/universe.js';
import { parseDateTimeOffset } from '../../../server/graph/date-time-offset.js';
import { metadataContext, nextLink } from '../../../server/graph/page-links.js';
import { ByteWriter } from '../../../server/rendering/byte-writer.js';
import { renderPage } from '../../../server/rendering/page-renderer.js';

const ORIGIN = 'http://127.0.0.1:3000';
const PAGE = 1000;
const range = { from: parseDateTimeOffset('2024-06-01')!, to: parseDateTimeOffset('2024-06-20')! };
/** Tenants whose data differ: the fault scenarios serve the default tenant's rows. */
const TENANTS = SCENARIOS.filter((scenario) => scenario.faults.length === 0);

/** The sha256 (first 16 hex digits) of each page, by `scenario fn version skip`. */
const GOLDEN: Readonly<Record<string, string>> = {
  'default getPstnCalls v1.0 0': '0c3aecfea9d0a576',
  'default getPstnCalls v1.0 1218': '507701d9f0ca7709',
  'default getPstnCalls beta 0': '944ab2b7da5ff648',
  'default getPstnCalls beta 1218': 'da210d33fda4635b',
  'default getDirectRoutingCalls v1.0 0': 'f1e87cb1d4c4f4a5',
  'default getDirectRoutingCalls beta 0': '472da298c209d251',
  'default getSmsLog beta 0': '4cc59242afdab4d0',
  'default getSmsLog beta 296': 'dc1f63efc951842a',
  'default getPstnBlockedUsersLog beta 0': '054085883c5460ef',
  'default getPstnOnlineMeetingDialoutReport beta 0': '553685c5b0e0e064',
  'empty getPstnCalls v1.0 0': 'c4455d6ecdd77e74',
  'empty getPstnCalls beta 0': 'dfdff14024a53b15',
  'empty getDirectRoutingCalls v1.0 0': '56f420ea99258844',
  'empty getDirectRoutingCalls beta 0': 'a4939e2b73f3f75b',
  'empty getSmsLog beta 0': '1a79ec5b11b3e636',
  'empty getPstnBlockedUsersLog beta 0': '13a17967f721025e',
  'empty getPstnOnlineMeetingDialoutReport beta 0': '5570c6f66099a8ca',
  'single-page getPstnCalls v1.0 0': 'fb187768aa6ce878',
  'single-page getPstnCalls beta 0': '038b66ade3b78eb3',
  'single-page getDirectRoutingCalls v1.0 0': '56f420ea99258844',
  'single-page getDirectRoutingCalls beta 0': 'a4939e2b73f3f75b',
  'single-page getSmsLog beta 0': 'f9a1d5d4103e32f4',
  'single-page getPstnBlockedUsersLog beta 0': '13a17967f721025e',
  'single-page getPstnOnlineMeetingDialoutReport beta 0': '52bbb8dadc178a7e',
  'large getPstnCalls v1.0 0': 'f6d5783ded4b83b7',
  'large getPstnCalls v1.0 2500': '1a76583523b539d6',
  'large getPstnCalls v1.0 218298': '5c7b7dfd8e67553d',
  'large getPstnCalls beta 0': '48dfbe9dad285f47',
  'large getPstnCalls beta 2500': '65da725538846984',
  'large getPstnCalls beta 218298': '67d60d3a44ad3bc8',
  'large getDirectRoutingCalls v1.0 0': '56f420ea99258844',
  'large getDirectRoutingCalls beta 0': 'a4939e2b73f3f75b',
  'large getSmsLog beta 0': '664bf7786ed1f6c7',
  'large getSmsLog beta 2500': '397bd37430c463c3',
  'large getSmsLog beta 37579': '0d9d7a8519c21da6',
  'large getPstnBlockedUsersLog beta 0': '13a17967f721025e',
  'large getPstnOnlineMeetingDialoutReport beta 0': '6f932d5b834d8d27',
  'large getPstnOnlineMeetingDialoutReport beta 2500': 'b5f618fbac566d8b',
  'large getPstnOnlineMeetingDialoutReport beta 1907': '5043fa2a0d3f18b5',
  'international getPstnCalls v1.0 0': '332ddfa47fc723f4',
  'international getPstnCalls v1.0 2500': 'b89e9f02d04f485e',
  'international getPstnCalls v1.0 7541': 'fbf913af75c23099',
  'international getPstnCalls beta 0': '9ee0863261a2833a',
  'international getPstnCalls beta 2500': 'd7571049d014a06b',
  'international getPstnCalls beta 7541': 'f3011603e20746ff',
  'international getDirectRoutingCalls v1.0 0': '56f420ea99258844',
  'international getDirectRoutingCalls beta 0': 'a4939e2b73f3f75b',
  'international getSmsLog beta 0': '1a79ec5b11b3e636',
  'international getPstnBlockedUsersLog beta 0': '4435a5748dc0604a',
  'international getPstnOnlineMeetingDialoutReport beta 0': '1a5fcb51653f6e2f',
  'contact-center getPstnCalls v1.0 0': 'eb602c62baf9ab0b',
  'contact-center getPstnCalls v1.0 2500': '7028b6a12c08947f',
  'contact-center getPstnCalls v1.0 25278': 'cb0ef2dac40318ed',
  'contact-center getPstnCalls beta 0': 'a27de66e9860a95a',
  'contact-center getPstnCalls beta 2500': 'ba90dd690b007408',
  'contact-center getPstnCalls beta 25278': '79a01cc366202fa5',
  'contact-center getDirectRoutingCalls v1.0 0': '56f420ea99258844',
  'contact-center getDirectRoutingCalls beta 0': 'a4939e2b73f3f75b',
  'contact-center getSmsLog beta 0': '93788efedb1b80cd',
  'contact-center getSmsLog beta 2500': 'c8fc0d2346a3336c',
  'contact-center getSmsLog beta 1925': '7fd7965fd4e4e6c8',
  'contact-center getPstnBlockedUsersLog beta 0': '1f8bbaf9ec6e61a0',
  'contact-center getPstnOnlineMeetingDialoutReport beta 0': '3a2d968421ad2672',
  'direct-routing getPstnCalls v1.0 0': '6ff69aa848cdfaaf',
  'direct-routing getPstnCalls v1.0 2500': '9d6691c4cddd4c4e',
  'direct-routing getPstnCalls v1.0 3687': '82d07f3996a78345',
  'direct-routing getPstnCalls beta 0': '8b553faac32713f5',
  'direct-routing getPstnCalls beta 2500': 'e59fddce7fabaf99',
  'direct-routing getPstnCalls beta 3687': '186e6cdaa189a1af',
  'direct-routing getDirectRoutingCalls v1.0 0': 'c7632dc7792e669c',
  'direct-routing getDirectRoutingCalls v1.0 2500': '8580858abe8257ce',
  'direct-routing getDirectRoutingCalls v1.0 88699': '15155e8428a7da47',
  'direct-routing getDirectRoutingCalls beta 0': '9c9f1f74c79b4f50',
  'direct-routing getDirectRoutingCalls beta 2500': 'daa67443e61528e2',
  'direct-routing getDirectRoutingCalls beta 88699': '61555a2c1b8015b0',
  'direct-routing getSmsLog beta 0': 'fe86638200bfb824',
  'direct-routing getSmsLog beta 33': '98230d4f14b9ed50',
  'direct-routing getPstnBlockedUsersLog beta 0': '39fc237fc21cc43f',
  'direct-routing getPstnOnlineMeetingDialoutReport beta 0': 'b56edb92df80e4e8',
  'edge-cases getPstnCalls v1.0 0': '9cffabc0c6d72eb8',
  'edge-cases getPstnCalls v1.0 1114': '323fae0a06558c64',
  'edge-cases getPstnCalls beta 0': 'a03716ea72b700cb',
  'edge-cases getPstnCalls beta 1114': 'c0de0fffdae0659c',
  'edge-cases getDirectRoutingCalls v1.0 0': '12086cdbbf0217ec',
  'edge-cases getDirectRoutingCalls beta 0': 'fecc2daa03f67bbc',
  'edge-cases getSmsLog beta 0': '29858ad2dee89129',
  'edge-cases getSmsLog beta 243': '96f8af0fd43959b0',
  'edge-cases getPstnBlockedUsersLog beta 0': '13a17967f721025e',
  'edge-cases getPstnOnlineMeetingDialoutReport beta 0': '90dfafd902e30d73',
};

function pagesOf(): Map<string, string> {
  const hashes = new Map<string, string>();
  const w = new ByteWriter();
  for (const scenario of TENANTS) {
    const universe = universeFor(scenario, scenario.seed);
    for (const fn of LOG_FUNCTION_TABLE) {
      const window = inclusiveWindow(fn.window, range);
      const total = fn.plan(universe, window, 0, Number.MAX_SAFE_INTEGER).count;
      // The first page, one in the middle at a $skip off the page grid, and the last 700 rows.
      const skips = [...new Set([0, ...(total > 2500 ? [2500] : []), Math.max(0, total - 700)])];
      for (const version of functionVersions(fn.name)) {
        for (const skip of skips) {
          const plan = fn.plan(universe, window, skip, PAGE);
          const body = renderPage(
            {
              fn: fn.name,
              version,
              // Every other page as odata.metadata=none, which drops the context.
              context: skip === 0 ? metadataContext(ORIGIN, version, fn.name) : null,
              nextLink: plan.hasMore
                ? nextLink(ORIGIN, version, fn.name, range, skip + plan.count, PAGE)
                : null,
              count: plan.count,
              forEachRow: plan.forEachRow,
            },
            w,
          );
          const key = `${scenario.name} ${fn.name} ${version} ${skip}`;
          hashes.set(key, createHash('sha256').update(body).digest('hex').slice(0, 16));
        }
      }
    }
  }
  return hashes;
}

const pages = pagesOf();
if (process.env.GOLDEN_PRINT) {
  console.error(JSON.stringify(Object.fromEntries(pages), null, 2));
}

t.test('every page is byte for byte the page the renderer wrote before its tuning', async (t) => {
  t.same(Object.fromEntries(pages), GOLDEN);
});
