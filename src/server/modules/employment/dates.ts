// Calendar dates as the API takes them: 'YYYY-MM-DD', and a day that exists (not 2026-02-30), so
// that a wrong date is a 400 naming the field rather than an error from the database.
import { z } from 'zod';
import { msg } from '../../platform/validation.js';

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** A day of the calendar from 1900 to 2999 (the database has no year 0, and nothing here is older). */
export const isRealDate = (d: string) => SHAPE.test(d) && d >= '1900' && d < '3000' && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** One message per wrong date: the shape, or else that the day does not exist. */
export const DateText = z
  .string()
  .regex(SHAPE, msg('日期格式为 YYYY-MM-DD', 'a date is YYYY-MM-DD'))
  .refine((d) => !SHAPE.test(d) || isRealDate(d), msg('不是有效日期', 'not a real date'));
