import fc from 'fast-check';
import { isLowScore, isSatisfied, npsScore, overallScore, type SurveyQuestion, validateAnswers, validateQuestions } from './questions';

const questions: SurveyQuestion[] = [
  { key: 'overall', type: 'rating', text: '总体满意度', required: true, overall: true },
  { key: 'speed', type: 'rating', text: '处理速度', required: false },
  { key: 'channel', type: 'single_choice', text: '联系方式', required: true, options: ['电话', '网站'] },
  { key: 'topics', type: 'multi_choice', text: '涉及问题', required: false, options: ['资费', '网络', '服务'] },
  { key: 'comment', type: 'text', text: '意见建议', required: false },
  { key: 'recommend', type: 'nps', text: '推荐意愿', required: false },
];

describe('validateQuestions', () => {
  it('accepts a well-formed questionnaire', () => {
    expect(validateQuestions(questions)).toEqual([]);
  });

  it('treats options: null (JSON from an API caller) on a rating question as no options', () => {
    const withNull = questions.map((q) => (q.type === 'rating' ? { ...q, options: null as unknown as string[] } : q));
    expect(validateQuestions(withNull)).toEqual([]);
  });

  it('requires exactly one overall rating question', () => {
    const none = questions.map((q) => ({ ...q, overall: false }));
    expect(validateQuestions(none)).toEqual([
      expect.objectContaining({ question: 'questions', problem: expect.stringContaining('exactly one') }),
    ]);
    const two = questions.map((q) => (q.key === 'speed' ? { ...q, overall: true, required: true } : q));
    expect(validateQuestions(two)).toEqual([expect.objectContaining({ problem: expect.stringContaining('found 2') })]);
  });

  it('rejects an overall flag on a non-rating question', () => {
    const wrong = questions.map((q) => (q.key === 'recommend' ? { ...q, overall: true } : { ...q, overall: false }));
    expect(validateQuestions(wrong)).toContainEqual({
      question: 'recommend',
      problem: 'only a rating question can be the overall question',
    });
  });

  it('rejects duplicate keys, bad keys, empty text and choice questions without options', () => {
    const problems = validateQuestions([
      questions[0]!,
      { key: 'overall', type: 'text', text: 'x', required: false },
      { key: 'Bad Key', type: 'text', text: ' ', required: false },
      { key: 'pick', type: 'single_choice', text: 'Pick', required: false, options: ['only'] },
      { key: 'rate', type: 'rating', text: 'Rate', required: false, options: ['a'] },
    ]);
    expect(problems.map((p) => p.question)).toEqual(expect.arrayContaining(['overall', 'Bad Key', 'pick', 'rate']));
  });

  it('requires the overall question to be required', () => {
    const optional = questions.map((q) => (q.overall ? { ...q, required: false } : q));
    expect(validateQuestions(optional)).toEqual([{ question: 'overall', problem: 'the overall question must be required' }]);
  });
});

describe('validateAnswers', () => {
  const valid = { overall: 5, channel: '电话' };

  it('accepts answers that fit and normalises them', () => {
    const result = validateAnswers(questions, { ...valid, topics: ['服务', '资费', '服务'], comment: '  好 ', speed: 3, recommend: 10 });
    expect(result).toEqual({
      ok: true,
      answers: { overall: 5, channel: '电话', topics: ['资费', '服务'], comment: '好', speed: 3, recommend: 10 },
    });
  });

  it('names a missing required question', () => {
    expect(validateAnswers(questions, { channel: '电话' })).toEqual({
      ok: false,
      problems: [{ question: 'overall', problem: 'is required' }],
    });
    expect(validateAnswers(questions, { overall: 4, channel: '  ' })).toEqual({
      ok: false,
      problems: [{ question: 'channel', problem: 'is required' }],
    });
  });

  it('names an out-of-range rating and NPS', () => {
    const result = validateAnswers(questions, { ...valid, overall: 6, recommend: 11 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.question)).toEqual(['overall', 'recommend']);
    expect(validateAnswers(questions, { ...valid, overall: 4.5 }).ok).toBe(false);
    expect(validateAnswers(questions, { ...valid, overall: '5' }).ok).toBe(false);
  });

  it('names an unknown option', () => {
    expect(validateAnswers(questions, { ...valid, channel: '传真' })).toEqual({
      ok: false,
      problems: [{ question: 'channel', problem: 'must be one of the options: 电话, 网站' }],
    });
    expect(validateAnswers(questions, { ...valid, topics: ['资费', '天气'] })).toEqual({
      ok: false,
      problems: [{ question: 'topics', problem: 'has unknown options: 天气' }],
    });
  });

  it('names an answer to a question that does not exist', () => {
    expect(validateAnswers(questions, { ...valid, colour: 'red' })).toEqual({
      ok: false,
      problems: [{ question: 'colour', problem: 'is not a question of this survey' }],
    });
  });

  it('drops blank optional answers', () => {
    expect(validateAnswers(questions, { ...valid, comment: '', topics: [] })).toEqual({ ok: true, answers: valid });
  });
});

describe('scores', () => {
  it('reads the overall and NPS answers', () => {
    expect(overallScore(questions, { overall: 2, channel: '电话' })).toBe(2);
    expect(npsScore(questions, { overall: 2, channel: '电话', recommend: 7 })).toBe(7);
    expect(npsScore(questions, { overall: 2, channel: '电话' })).toBeNull();
  });

  it('treats ≤ 2 as low and ≥ 4 as satisfied', () => {
    expect([1, 2, 3, 4, 5].map(isLowScore)).toEqual([true, true, false, false, false]);
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, false, true, true]);
    expect(isLowScore(null)).toBe(false);
  });
});

describe('validateAnswers properties', () => {
  const rating = fc.integer({ min: 1, max: 5 });
  const anyValue = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double(), fc.string(), fc.array(fc.string()), fc.constant(null));

  it('accepts every in-range answer set and keeps the overall score', () => {
    fc.assert(
      fc.property(
        rating,
        fc.option(rating),
        fc.constantFrom('电话', '网站'),
        fc.subarray(['资费', '网络', '服务']),
        fc.option(fc.integer({ min: 0, max: 10 })),
        (o, s, c, t, r) => {
          const answers: Record<string, unknown> = { overall: o, channel: c, topics: t };
          if (s !== null) answers.speed = s;
          if (r !== null) answers.recommend = r;
          const result = validateAnswers(questions, answers);
          expect(result.ok).toBe(true);
          if (result.ok) expect(overallScore(questions, result.answers)).toBe(o);
        },
      ),
    );
  });

  it('never accepts an overall rating outside 1–5 and always names the overall question', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        fc.pre(!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5));
        const result = validateAnswers(questions, { overall: value, channel: '电话' });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems.map((p) => p.question)).toContain('overall');
      }),
    );
  });

  it('every problem names a question that exists or an answer key that was sent', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('overall', 'speed', 'channel', 'topics', 'comment', 'recommend', 'extra'), anyValue),
        (answers) => {
          const result = validateAnswers(questions, answers);
          if (!result.ok) {
            const known = new Set([...questions.map((q) => q.key), ...Object.keys(answers)]);
            for (const p of result.problems) expect(known.has(p.question)).toBe(true);
          }
        },
      ),
    );
  });
});
