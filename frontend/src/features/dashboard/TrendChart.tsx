import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { formatDate } from '../../lib/dates';

export interface TrendChartProps {
  points: { period_end: string; value: number | null }[];
  target?: number | null;
  label: string;
}

/** A small trend line of one indicator (Recharts; its own chunk, loaded only when there is a trend). */
export default function TrendChart({ points, label }: TrendChartProps) {
  const data = points.map((p) => ({ date: formatDate(p.period_end), value: p.value }));
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 80 }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <XAxis dataKey="date" hide />
          <YAxis hide domain={['auto', 'auto']} />
          <Tooltip />
          <Line type="monotone" dataKey="value" stroke="var(--mantine-color-blue-8)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
