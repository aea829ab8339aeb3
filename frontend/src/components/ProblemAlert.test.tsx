import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ProblemError, toProblem } from '../api/problem';
import i18n from '../i18n';
import { renderWithProviders } from '../test/render';
import { ProblemAlert } from './ProblemAlert';

const problem = (body: Record<string, unknown>) => new ProblemError(toProblem(Number(body.status ?? 400), body, { requestId: 'rid-7' }));

describe('<ProblemAlert>', () => {
  afterEach(async () => {
    await act(() => i18n.changeLanguage('vi'));
  });

  it("shows the server's (already localised) title, field errors and the request id", () => {
    renderWithProviders(
      <ProblemAlert
        error={problem({
          type: 't',
          title: 'Loại đơn vị không được đặt dưới đơn vị cấp trên này vào ngày hiệu lực.',
          status: 422,
          code: 'invalid_parent_type',
          errors: [{ field: 'parent_id', code: 'invalid_parent_type', message: 'cong_doan_co_so under tong_lien_doan' }],
        })}
        fieldLabels={{ parent_id: 'Đơn vị cấp trên' }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Không thực hiện được yêu cầu');
    expect(alert).toHaveTextContent('Loại đơn vị không được đặt dưới đơn vị cấp trên này vào ngày hiệu lực.');
    expect(alert).toHaveTextContent('Đơn vị cấp trên');
    expect(alert).toHaveTextContent('cong_doan_co_so under tong_lien_doan');
    expect(alert).toHaveTextContent('Mã yêu cầu: rid-7');
    expect(alert).toHaveAttribute('data-problem-code', 'invalid_parent_type');
  });

  it('shows client texts only for failures the server could not title, and follows the language', async () => {
    renderWithProviders(<ProblemAlert error={problem({ status: 0, code: 'network_error' })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Không kết nối được máy chủ');
  });

  it("shows the server's title for any code, and follows the language", async () => {
    renderWithProviders(<ProblemAlert error={problem({ type: 't', title: 'Quy tắc mới', status: 422, code: 'new_rule' })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Quy tắc mới');
    await act(() => i18n.changeLanguage('en'));
    expect(screen.getByRole('alert')).toHaveTextContent('The request could not be completed');
  });

  it('offers a retry button when given onRetry', async () => {
    const onRetry = vi.fn();
    renderWithProviders(<ProblemAlert error={new Error('boom')} onRetry={onRetry} />);
    await userEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});
