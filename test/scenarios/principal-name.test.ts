import t from 'tap';
import { asciiPart, uniquePrincipalName } from '../../scenarios/principal-name.js';

t.test('accents are folded and other characters dropped', async (t) => {
  t.equal(asciiPart('Zoë'), 'zoe');
  t.equal(asciiPart("O'Keefe-Smith"), 'okeefesmith');
  t.equal(asciiPart('Jürgen'), 'jurgen');
});

t.test('a name with no ASCII letters left still gives a usable local part', async (t) => {
  t.equal(asciiPart('李'), 'user');
  t.equal(uniquePrincipalName('李', 'Ли', 'contoso.com', new Set()), 'user.user@contoso.com');
});

t.test('a repeated name gets a number, counting from 2', async (t) => {
  const used = new Set<string>();
  t.equal(uniquePrincipalName('Ada', 'Lovelace', 'contoso.com', used), 'ada.lovelace@contoso.com');
  t.equal(uniquePrincipalName('Ada', 'Lovelace', 'contoso.com', used), 'ada.lovelace2@contoso.com');
  t.equal(uniquePrincipalName('Adá', 'Lovelace', 'contoso.com', used), 'ada.lovelace3@contoso.com');
  t.equal(used.size, 3);
});
