import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>>(
  function MantineAnchor(props, ref) {
    return <Anchor ref={ref} {...props} />;
  },
);

/** A Mantine Anchor that is a typed router link (`to` + `params` checked against the route tree). */
export const AnchorLink = createLink(MantineAnchor);
