import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TrainingChartProps {
  rows: { label: string; classes: number; enrolments: number }[];
  label: string;
  classesLabel: string;
  enrolmentsLabel: string;
}

/** Classes (lớp) and places (lượt) per group, side by side (Recharts; its own chunk). The table beside it carries the
 * same figures for screen readers. */
export default function TrainingChart({ rows, label, classesLabel, enrolmentsLabel }: TrainingChartProps) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <BarChart data={rows} margin={{ top: 8, right: 0, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} height={60} angle={-15} textAnchor="end" />
          {/* places run to thousands, classes to tens: each on its own axis */}
          <YAxis yAxisId="places" allowDecimals={false} />
          <YAxis yAxisId="classes" orientation="right" allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="classes" dataKey="classes" name={classesLabel} fill="var(--mantine-color-blue-7)" isAnimationActive={false} />
          <Bar yAxisId="places" dataKey="enrolments" name={enrolmentsLabel} fill="var(--mantine-color-teal-7)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
