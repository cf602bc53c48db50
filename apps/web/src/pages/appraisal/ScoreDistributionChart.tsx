import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { GRADE_COLORS, type RankingPreview } from './types';

/**
 * Final scores in rank order, coloured by grade, over the 30/40/30 bands of the forced
 * distribution [8.2]: the shaded areas are where the top and bottom groups fall by position; a bar
 * whose colour differs from its band shows a boundary tie, a minimum cap or a veto.
 */
export function ScoreDistributionChart({ preview }: { preview: RankingPreview }) {
  const { t } = useTranslation();
  const data = preview.items.map((item, index) => ({
    position: String(index + 1),
    name: item.userName,
    score: item.finalScore,
    grade: item.grade,
  }));
  const count = data.length;
  const top = preview.topGroupSize;
  const bottomStart = count - preview.bottomGroupSize + 1;
  return (
    <div style={{ width: '100%', height: 280 }} data-testid="score-distribution-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 16, right: 8, bottom: 8, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {top > 0 && (
            <ReferenceArea x1="1" x2={String(top)} fill={GRADE_COLORS.excellent} fillOpacity={0.08} label={t('appraisal.cycle.bandTop')} />
          )}
          {bottomStart - 1 > top && (
            <ReferenceArea
              x1={String(top + 1)}
              x2={String(bottomStart - 1)}
              fill={GRADE_COLORS.good}
              fillOpacity={0.06}
              label={t('appraisal.cycle.bandMiddle')}
            />
          )}
          {preview.bottomGroupSize > 0 && (
            <ReferenceArea
              x1={String(bottomStart)}
              x2={String(count)}
              fill={GRADE_COLORS.fair}
              fillOpacity={0.08}
              label={t('appraisal.cycle.bandBottom')}
            />
          )}
          <XAxis dataKey="position" />
          <YAxis domain={[0, 100]} />
          <Tooltip
            formatter={(value) => [String(value), t('appraisal.cycle.finalScore')]}
            labelFormatter={(_, payload) => {
              const entry = payload?.[0]?.payload as { name?: string; grade?: keyof typeof GRADE_COLORS } | undefined;
              return entry?.name && entry.grade ? `${entry.name} · ${t(`appraisal.grade.${entry.grade}`)}` : '';
            }}
          />
          <Bar dataKey="score" isAnimationActive={false}>
            {data.map((entry) => (
              <Cell key={entry.position} fill={GRADE_COLORS[entry.grade]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
