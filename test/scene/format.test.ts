import { describe, expect, it } from 'vitest';
import { fmt, fmtCompact, fmtData, fmtDelta, fmtSigned, fmtSmall } from '../../renderer/scene/format.js';

describe('numbers as the scene prints them', () => {
  it('uses two decimals and the Unicode minus sign', () => {
    expect(fmt(0.5283)).toBe('0.53');
    expect(fmt(-0.5183)).toBe('−0.52');
    expect(fmt(12.4)).toBe('12.40');
  });
  it('keeps the huge weights a divergence leaves behind short', () => {
    expect(fmt(2.1031662481453502e55)).toBe('2.1e55');
    expect(fmt(-3.5e7)).toBe('\u22123.5e7');
    expect(fmt(12345.678)).toBe('12345.68');
  });

  it('never prints a negative zero', () => {
    expect(fmt(-0.001)).toBe('0.00');
    expect(fmt(-0)).toBe('0.00');
  });
  it('names non-finite values', () => {
    expect(fmt(NaN)).toBe('—');
    expect(fmt(Infinity)).toBe('∞');
    expect(fmt(-Infinity)).toBe('−∞');
  });
  it('prints data as given', () => {
    expect(fmtData(1)).toBe('1');
    expect(fmtData(0)).toBe('0');
    expect(fmtData(-1)).toBe('−1');
    expect(fmtData(0.25)).toBe('0.25');
  });
  it('keeps small values from vanishing into 0.00', () => {
    expect(fmtSmall(0.005)).toBe('0.0050');
    expect(fmtSmall(-0.00312)).toBe('−0.0031');
    expect(fmtSmall(0.5)).toBe('0.50');
    expect(fmtSmall(0)).toBe('0.00');
    expect(fmtSigned(0.031)).toBe('+0.03');
    expect(fmtSigned(-0.2)).toBe('−0.20');
  });
  it('prints changes short and signed', () => {
    expect(fmtDelta(0.0312)).toBe('+0.03');
    expect(fmtDelta(-0.0049)).toBe('−0.005');
    expect(fmtDelta(0)).toBe('0');
    expect(fmtDelta(0.00004)).toBe('+4e−5');
  });
  it('shortens big values for tight spots', () => {
    expect(fmtCompact(3.14159)).toBe('3.14');
    expect(fmtCompact(-123.45)).toBe('−123.5');
    expect(fmtCompact(12345)).toBe('1.2e4');
  });
});
