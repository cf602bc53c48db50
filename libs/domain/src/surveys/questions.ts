/** Question types of a satisfaction questionnaire. */
export const QUESTION_TYPES = ['rating', 'single_choice', 'multi_choice', 'text', 'nps'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A 5-point rating: 5 very satisfied … 1 very dissatisfied. */
export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** Net promoter score question: 0–10. */
export const NPS_MIN = 0;
export const NPS_MAX = 10;
/** A response is "satisfied" when its overall rating is at least this. */
export const SATISFIED_MIN_SCORE = 4;
/** An overall rating at or below this opens a follow-up complaint. */
export const LOW_SCORE_MAX = 2;
/** Targets when a campaign gives none, in percent [000 第五篇]. */
export const DEFAULT_SURVEY_TARGETS = { coverage: 95, satisfaction: 95 } as const;

export const QUESTION_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_QUESTIONS = 50;
export const MAX_OPTIONS = 20;
export const MAX_TEXT_ANSWER_LENGTH = 2000;

export interface SurveyQuestion {
  /** Stable key answers are stored under, e.g. `overall`, `speed`. */
  key: string;
  type: QuestionType;
  text: string;
  required: boolean;
  /** Exactly one rating question is the overall satisfaction question. */
  overall?: boolean;
  /** Choices of a single/multi choice question. */
  options?: string[];
}

export type AnswerValue = number | string | string[];
export type SurveyAnswers = Record<string, AnswerValue>;

/** What is wrong, and with which question (its key; `questions` for the questionnaire as a whole). */
export interface QuestionProblem {
  question: string;
  problem: string;
}

const isChoice = (type: QuestionType): boolean => type === 'single_choice' || type === 'multi_choice';

/** Problems with a questionnaire's questions; empty when it can be saved. */
export function validateQuestions(questions: readonly SurveyQuestion[]): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  if (questions.length === 0) problems.push({ question: 'questions', problem: 'a questionnaire needs at least one question' });
  if (questions.length > MAX_QUESTIONS) problems.push({ question: 'questions', problem: `at most ${MAX_QUESTIONS} questions` });
  const seen = new Set<string>();
  for (const q of questions) {
    if (!QUESTION_KEY_PATTERN.test(q.key)) {
      problems.push({ question: q.key, problem: 'key must be lower-case letters, digits or _ (starting with a letter, at most 40)' });
    }
    if (seen.has(q.key)) problems.push({ question: q.key, problem: 'key is used by more than one question' });
    seen.add(q.key);
    if (!(QUESTION_TYPES as readonly string[]).includes(q.type)) {
      problems.push({ question: q.key, problem: `type must be one of ${QUESTION_TYPES.join(', ')}` });
      continue;
    }
    if (q.text.trim().length === 0) problems.push({ question: q.key, problem: 'text must not be empty' });
    if (q.overall && q.type !== 'rating') problems.push({ question: q.key, problem: 'only a rating question can be the overall question' });
    if (isChoice(q.type)) {
      const options = q.options ?? [];
      if (options.length < 2) problems.push({ question: q.key, problem: 'a choice question needs at least two options' });
      if (options.length > MAX_OPTIONS) problems.push({ question: q.key, problem: `at most ${MAX_OPTIONS} options` });
      if (new Set(options).size !== options.length) problems.push({ question: q.key, problem: 'options must be distinct' });
      if (options.some((o) => o.trim().length === 0)) problems.push({ question: q.key, problem: 'options must not be empty' });
    } else if (q.options != null && q.options.length > 0) {
      problems.push({ question: q.key, problem: `a ${q.type} question has no options` });
    }
  }
  const overall = questions.filter((q) => q.overall === true);
  if (overall.length !== 1) {
    problems.push({ question: 'questions', problem: `exactly one rating question must be marked overall (found ${overall.length})` });
  } else if (overall[0]!.type === 'rating' && !overall[0]!.required) {
    problems.push({ question: overall[0]!.key, problem: 'the overall question must be required' });
  }
  return problems;
}

export type AnswerCheck = { ok: true; answers: SurveyAnswers } | { ok: false; problems: QuestionProblem[] };

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim().length === 0) ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Checks answers against the questions: every required question answered, ratings 1–5, NPS
 * 0–10, choices among the options, no answers to questions that do not exist. Returns the
 * normalised answers (blank optional answers dropped, text trimmed, multi-choice de-duplicated
 * in option order) or every problem, each naming its question.
 */
export function validateAnswers(questions: readonly SurveyQuestion[], answers: Readonly<Record<string, unknown>>): AnswerCheck {
  const problems: QuestionProblem[] = [];
  const normalised: SurveyAnswers = {};
  const keys = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(answers)) {
    if (!keys.has(key)) problems.push({ question: key, problem: 'is not a question of this survey' });
  }
  for (const q of questions) {
    const value = answers[q.key];
    if (isBlank(value)) {
      if (q.required) problems.push({ question: q.key, problem: 'is required' });
      continue;
    }
    switch (q.type) {
      case 'rating':
        if (!isIntegerIn(value, RATING_MIN, RATING_MAX))
          problems.push({ question: q.key, problem: `must be a whole number from ${RATING_MIN} to ${RATING_MAX}` });
        else normalised[q.key] = value;
        break;
      case 'nps':
        if (!isIntegerIn(value, NPS_MIN, NPS_MAX))
          problems.push({ question: q.key, problem: `must be a whole number from ${NPS_MIN} to ${NPS_MAX}` });
        else normalised[q.key] = value;
        break;
      case 'single_choice':
        if (typeof value !== 'string' || !(q.options ?? []).includes(value)) {
          problems.push({ question: q.key, problem: `must be one of the options: ${(q.options ?? []).join(', ')}` });
        } else normalised[q.key] = value;
        break;
      case 'multi_choice': {
        const options = q.options ?? [];
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
          problems.push({ question: q.key, problem: 'must be a list of options' });
          break;
        }
        const unknown = (value as string[]).filter((v) => !options.includes(v));
        if (unknown.length > 0) problems.push({ question: q.key, problem: `has unknown options: ${unknown.join(', ')}` });
        else normalised[q.key] = options.filter((o) => (value as string[]).includes(o));
        break;
      }
      case 'text':
        if (typeof value !== 'string') problems.push({ question: q.key, problem: 'must be text' });
        else if (value.length > MAX_TEXT_ANSWER_LENGTH)
          problems.push({ question: q.key, problem: `must be at most ${MAX_TEXT_ANSWER_LENGTH} characters` });
        else normalised[q.key] = value.trim();
        break;
      default: {
        const exhaustive: never = q.type;
        problems.push({ question: q.key, problem: `has an unknown type ${String(exhaustive)}` });
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: normalised };
}

/** The overall rating of valid answers (null when the questionnaire has no overall question). */
export function overallScore(questions: readonly SurveyQuestion[], answers: SurveyAnswers): number | null {
  const overall = questions.find((q) => q.overall === true);
  const value = overall ? answers[overall.key] : undefined;
  return typeof value === 'number' ? value : null;
}

/** The first NPS answer of valid answers, or null. */
export function npsScore(questions: readonly SurveyQuestion[], answers: SurveyAnswers): number | null {
  const nps = questions.find((q) => q.type === 'nps');
  const value = nps ? answers[nps.key] : undefined;
  return typeof value === 'number' ? value : null;
}

export const isLowScore = (score: number | null): boolean => score !== null && score <= LOW_SCORE_MAX;
export const isSatisfied = (score: number | null): boolean => score !== null && score >= SATISFIED_MIN_SCORE;
