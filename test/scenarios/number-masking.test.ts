import t from 'tap';
import { maskNumber, ShownNumbers, shownNumbersOf } from '../../scenarios/number-masking.js';

const numbers = ['+493023125042', '+33199005123', '+12025550143'];

t.test('a shown number is the number with its last digits masked', async (t) => {
  const shown = new ShownNumbers(numbers, 3);
  t.same(
    numbers.map((_, i) => shown.at(i)),
    ['+493023125***', '+33199005***', '+12025550***'],
  );
  t.equal(shown.at(1), shown.at(1), 'asked again, the same string');
  t.equal(new ShownNumbers(numbers, 4).at(0), '+49302312****');
  t.equal(maskNumber('+493023125042', 4), '+49302312****');
});

t.test('with no digits masked, numbers are shown as they are', async (t) => {
  const shown = new ShownNumbers(numbers, 0);
  t.same(
    numbers.map((_, i) => shown.at(i)),
    numbers,
  );
  t.same(numbers, ['+493023125042', '+33199005123', '+12025550143'], 'the numbers are untouched');
});

t.test('each (numbers, digits) has one view, shared', async (t) => {
  t.equal(shownNumbersOf(numbers, 3), shownNumbersOf(numbers, 3));
  t.not(shownNumbersOf(numbers, 3), shownNumbersOf(numbers, 4));
  t.not(
    shownNumbersOf(numbers, 3),
    shownNumbersOf([...numbers], 3),
    'another tenant, another view',
  );
});
