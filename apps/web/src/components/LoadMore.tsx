import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** "Load more" under a cursor-paginated list, and how many rows are shown. */
export function LoadMore({
  shown,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  shown: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  const { t } = useTranslation();
  if (shown === 0) return null;
  return (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t('common.shown', { count: shown })}</Typography.Text>
      {hasNextPage ? (
        <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
      )}
    </Flex>
  );
}
